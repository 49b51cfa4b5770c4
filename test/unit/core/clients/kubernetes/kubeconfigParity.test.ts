// One test per class where our kubeconfig loading differed from `kubectl config view --merge` /
// `kubectl config current-context` (issue #12). The differential test against kubectl itself is
// kubeconfigDifferential.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadKubeconfig, loadRawKubeconfig } from '../../../../../src/core/clients/kubernetes/index.js';

function write(text: string, name = 'config'): { dir: string; file: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'kcp-'));
  writeFileSync(join(dir, name), text);
  return { dir, file: join(dir, name), env: { KUBECONFIG: join(dir, name), HOME: dir, PATH: '' } };
}

const base = `clusters:
- name: c
  cluster: { server: 'https://127.0.0.1:1' }
users:
- name: u
  user: { token: t }
contexts:
- name: a
  context: { cluster: c, user: u, namespace: na }
- name: b
  context: { cluster: c, user: u, namespace: nb }
`;

test('(unit) no current-context anywhere: none is selected and the namespace is default', () => {
  const loaded = loadKubeconfig({ env: write(base).env });
  assert.equal(loaded.kc.getCurrentContext(), '');
  assert.equal(loaded.namespace, 'default');
});

test('(unit) a relative KUBECONFIG entry resolves paths inside against that file\'s folder, not the working folder', () => {
  const { dir } = write('');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'config'), `clusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:1', certificate-authority: ca.crt }\nusers:\n- name: u\n  user: { client-certificate: cc.crt, client-key: k.key }\n`);
  const rel = relative(process.cwd(), join(dir, 'sub', 'config'));
  const { raw } = loadRawKubeconfig({ env: { KUBECONFIG: rel, HOME: dir } });
  assert.equal((raw.clusters[0]!.cluster as Record<string, string>)['certificate-authority'], join(dir, 'sub', 'ca.crt'));
  assert.equal((raw.users[0]!.user as Record<string, string>)['client-key'], join(dir, 'sub', 'k.key'));
});

test('(unit) preferences are kept; a context with no cluster keeps its namespace; a cluster without server is kept', () => {
  const { env } = write(`preferences: { colors: true }\nclusters:\n- name: noserver\n  cluster: { insecure-skip-tls-verify: true }\ncontexts:\n- name: lonely\n  context: { namespace: kept }\ncurrent-context: lonely\n`);
  const loaded = loadKubeconfig({ env });
  assert.deepEqual(loaded.raw.preferences, { colors: true });
  assert.equal(loaded.namespace, 'kept');
  assert.equal(loaded.kc.getCluster('noserver')?.name, 'noserver');
});

test('(unit) a file with only users loads', () => {
  const loaded = loadKubeconfig({ env: write('users:\n- name: u\n  user: { token: t }\n').env });
  assert.deepEqual(loaded.raw.users.map((u) => u.name), ['u']);
  assert.equal(loaded.kc.getCurrentContext(), '');
});

test('(unit) YAML 1.1 booleans, merge keys, a trailing --- and a repeated key (last wins) are read like kubectl', () => {
  const { env } = write(`x-base: &base { server: 'https://127.0.0.1:1', insecure-skip-tls-verify: yes }
clusters:
- name: c
  cluster: { <<: *base }
- name: d
  cluster: { server: 'https://127.0.0.1:2', insecure-skip-tls-verify: on }
contexts:
- name: a
  context: { cluster: c, namespace: first }
  context: { cluster: c, namespace: second }
current-context: a
---
`);
  const loaded = loadKubeconfig({ env });
  assert.equal(loaded.kc.getCluster('c')?.server, 'https://127.0.0.1:1');
  assert.equal(loaded.kc.getCluster('c')?.skipTLSVerify, true);
  assert.equal(loaded.kc.getCluster('d')?.skipTLSVerify, true);
  assert.equal(loaded.namespace, 'second');
});

test('(unit) files kubectl refuses are refused: duplicate names in one list, apiVersion v2, numbers where strings belong', () => {
  const refused = (text: string, why: RegExp) =>
    assert.throws(() => loadKubeconfig({ env: write(text).env }), (e: Error & { code?: string }) => e.code === 'invalid-input' && why.test(e.message));
  refused(`clusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:1' }\n- name: c\n  cluster: { server: 'https://127.0.0.1:2' }\n`, /"c" twice/);
  refused(`apiVersion: v2\n${base}`, /apiVersion "v2"/);
  refused(`contexts:\n- name: a\n  context: { namespace: 123 }\n`, /namespace must be a string/);
  refused(`users:\n- name: 5\n  user: { token: t }\n`, /name must be a string/);
  refused(`current-context: 7\n${base}`, /current-context must be a string/);
});

test('(unit) KUBECONFIG=":" loads no file (not ~/.kube/config); nameless entries are kept under the empty name', () => {
  const home = write(base);
  mkdirSync(join(home.dir, '.kube'));
  writeFileSync(join(home.dir, '.kube', 'config'), base);
  assert.throws(() => loadKubeconfig({ env: { KUBECONFIG: ':', HOME: home.dir } }), /No Kubernetes contexts found/);
  const { raw } = loadRawKubeconfig({ env: write('users:\n- user: { token: t }\ncontexts:\n- context: { namespace: x }\n').env });
  assert.deepEqual([raw.users.map((u) => u.name), raw.contexts.map((c) => c.name)], [[''], ['']]);
});

test('(unit) CA data wins over a CA file and a tokenFile wins over an inline token, as in client-go', () => {
  const { dir, env } = write(`clusters:\n- name: c\n  cluster: { server: 'https://127.0.0.1:1', certificate-authority-data: QUJD, certificate-authority: ca.crt }\nusers:\n- name: u\n  user: { token: inline, tokenFile: tok }\ncontexts:\n- name: a\n  context: { cluster: c, user: u }\ncurrent-context: a\n`);
  writeFileSync(join(dir, 'tok'), 'from-file\n');
  const loaded = loadKubeconfig({ env });
  assert.equal(loaded.kc.getCluster('c')?.caData, 'QUJD');
  assert.equal(loaded.kc.getCluster('c')?.caFile, undefined);
  assert.equal(loaded.kc.getUser('u')?.token, 'from-file');
});
