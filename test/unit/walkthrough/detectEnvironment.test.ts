// (unit) The walkthrough's "what AnsFlow found" report reads real files in a temporary home:
// kubeconfig contexts from KUBECONFIG, the Docker endpoint and contexts, the ansible.cfg in effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectEnvironment, formatEnvironmentReport } from '../../../src/core/views/walkthrough/detectEnvironment.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: dev
clusters: [{ name: c1, cluster: { server: https://127.0.0.1:6443 } }]
users: [{ name: u1, user: { token: t } }]
contexts:
  - { name: dev, context: { cluster: c1, user: u1 } }
  - { name: prod, context: { cluster: c1, user: u1 } }
`;

function sandbox(): { home: string; root: string } {
  const home = mkdtempSync(join(tmpdir(), 'af-wt-home-'));
  const root = mkdtempSync(join(tmpdir(), 'af-wt-ws-'));
  return { home, root };
}

test('(unit) the report names the KUBECONFIG file, its contexts and the current one', () => {
  const { home, root } = sandbox();
  const file = join(root, 'kc.yaml');
  writeFileSync(file, KUBECONFIG);
  const r = detectEnvironment({ env: { KUBECONFIG: file, DOCKER_HOST: 'tcp://127.0.0.1:2375' }, home, workspaceRoot: root });
  assert.deepEqual(r.kubernetes, { source: 'KUBECONFIG', files: [file], contexts: ['dev', 'prod'], current: 'dev' });
  const text = formatEnvironmentReport(r).join('\n');
  assert.match(text, /Kubernetes \(KUBECONFIG\): .*kc\.yaml/);
  assert.match(text, /2 context\(s\): dev, prod \(current: dev\)/);
  assert.match(text, /Docker: tcp:\/\/127\.0\.0\.1:2375 \(DOCKER_HOST\)/);
});

test('(unit) with nothing configured the report says what to set', () => {
  const { home, root } = sandbox();
  const r = detectEnvironment({ env: {}, home, workspaceRoot: root });
  assert.equal(r.kubernetes.source, 'default');
  assert.deepEqual(r.kubernetes.contexts, []);
  const text = formatEnvironmentReport(r).join('\n');
  assert.match(text, /no contexts: set KUBECONFIG or create ~\/\.kube\/config/);
  assert.match(text, /Docker: unix:\/\/\/var\/run\/docker\.sock \(default socket\); contexts: default/);
});

test('(unit) a broken kubeconfig is reported as a one-line reason, not thrown', () => {
  const { home, root } = sandbox();
  const file = join(root, 'bad.yaml');
  writeFileSync(file, 'contexts: [unclosed');
  const r = detectEnvironment({ env: { KUBECONFIG: file }, home, workspaceRoot: root });
  assert.ok(r.kubernetes.error && !r.kubernetes.error.includes('\n    at '), r.kubernetes.error);
  assert.match(formatEnvironmentReport(r).join('\n'), /cannot read: Kubeconfig .*bad\.yaml/);
});

test('(unit) the ansible.cfg in effect follows Ansible order: ANSIBLE_CONFIG, then the workspace, then ~/.ansible.cfg', () => {
  const { home, root } = sandbox();
  writeFileSync(join(home, '.ansible.cfg'), '[defaults]\ninventory = ~/hosts\n');
  assert.equal(detectEnvironment({ env: {}, home, workspaceRoot: root }).ansible.config, join(home, '.ansible.cfg'));
  writeFileSync(join(root, 'ansible.cfg'), '[defaults]\ninventory = inventories/prod.ini, inventories/dev.ini\n');
  assert.deepEqual(detectEnvironment({ env: {}, home, workspaceRoot: root }).ansible, { config: join(root, 'ansible.cfg'), inventories: ['inventories/prod.ini', 'inventories/dev.ini'] });
  const explicit = join(root, 'custom');
  mkdirSync(explicit);
  writeFileSync(join(explicit, 'a.cfg'), '[defaults]\n');
  const r = detectEnvironment({ env: { ANSIBLE_CONFIG: join(explicit, 'a.cfg') }, home, workspaceRoot: root });
  assert.equal(r.ansible.config, join(explicit, 'a.cfg'));
  assert.match(formatEnvironmentReport(r).join('\n'), /inventory sources: none named/);
});
