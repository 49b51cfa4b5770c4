import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient, kubeconfigFiles, loadKubeconfig, mergeKubeconfigs } from '../../../../../src/core/clients/kubernetes/index.js';

const cfg = (cluster: string, server: string, extra = '') => `apiVersion: v1
kind: Config
clusters:
- name: ${cluster}
  cluster: { server: ${server}, certificate-authority: ca.crt }
users:
- name: u-${cluster}
  user: { token: t-${cluster} }
contexts:
- name: ${cluster}
  context: { cluster: ${cluster}, user: u-${cluster}, namespace: ns-${cluster} }
${extra}`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kc-'));
}

test('(unit) KUBECONFIG files merge in order: first definition of a name wins, first current-context wins, paths resolve per file', () => {
  const a = tmp();
  const b = tmp();
  writeFileSync(join(a, 'config'), cfg('shared', 'https://127.0.0.1:1111', 'current-context: shared\n'));
  writeFileSync(join(b, 'config'), cfg('shared', 'https://127.0.0.1:2222', 'current-context: other\n') + '');
  writeFileSync(join(b, 'extra'), cfg('other', 'https://127.0.0.1:3333'));
  const env = { KUBECONFIG: [join(a, 'config'), join(b, 'config'), join(b, 'extra'), join(b, 'missing')].join(':'), HOME: a, PATH: '' };
  const loaded = loadKubeconfig({ env });
  assert.equal(loaded.kc.getCurrentContext(), 'shared');
  assert.equal(loaded.kc.getCurrentCluster()!.server, 'https://127.0.0.1:1111');
  assert.equal(loaded.kc.getCluster('shared')!.caFile, join(a, 'ca.crt'));
  assert.equal(loaded.kc.getCluster('other')!.caFile, join(b, 'ca.crt'));
  assert.equal(loaded.namespace, 'ns-shared');
  const switched = loadKubeconfig({ env, context: 'other', namespace: 'explicit' });
  assert.equal(switched.kc.getCurrentCluster()!.server, 'https://127.0.0.1:3333');
  assert.equal(switched.namespace, 'explicit');
  assert.throws(() => loadKubeconfig({ env, context: 'nope' }), (e: Error & { code?: string }) => e.code === 'not-found');
});

test('(unit) kubeconfigFiles defaults to ~/.kube/config and de-duplicates KUBECONFIG', () => {
  assert.deepEqual(kubeconfigFiles({ HOME: '/h' }), ['/h/.kube/config']);
  assert.deepEqual(kubeconfigFiles({ KUBECONFIG: '/a::/b:/a', HOME: '/h' }), ['/a', '/b']);
  assert.equal(mergeKubeconfigs([{ doc: null }, { doc: { contexts: [{ name: 'x', context: {} }] } }]).contexts.length, 1);
});

test('(unit) exec credential plugins are found outside PATH and pinned; a missing one fails with its name', async () => {
  const home = tmp();
  const bin = join(home, '.local', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'my-auth-plugin'), '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}}\'\n');
  chmodSync(join(bin, 'my-auth-plugin'), 0o755);
  const exec = (cmd: string) => `users:\n- name: u\n  user:\n    exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ${cmd}, args: [] }\n`;
  const file = join(home, 'config');
  writeFileSync(file, `clusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:1' }\ncontexts:\n- name: c\n  context: { cluster: c, user: u }\ncurrent-context: c\n${exec('my-auth-plugin')}`);
  const env = { KUBECONFIG: file, HOME: home, PATH: '/usr/bin:/bin' };
  const loaded = loadKubeconfig({ env });
  const user = loaded.raw.users[0]!.user as { exec: { command: string; env: Array<{ name: string; value: string }> } };
  assert.equal(user.exec.command, join(bin, 'my-auth-plugin'));
  assert.ok(user.exec.env.find((e) => e.name === 'PATH')!.value.startsWith(bin + ':'));

  writeFileSync(file, `clusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:1' }\ncontexts:\n- name: c\n  context: { cluster: c, user: u }\ncurrent-context: c\n${exec('gke-gcloud-auth-plugin-missing')}`);
  const kube = KubeClient.load({ env });
  await assert.rejects(kube.request('GET', '/api'), (e: Error & { code?: string }) => e.code === 'tool-not-found' && e.message.includes('"gke-gcloud-auth-plugin-missing"'));
});
