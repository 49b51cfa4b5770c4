// (integration) Real authentication against the test apiserver, which accepts bearer tokens and client
// certificates signed by a per-run client CA (test/infra/engines/30-kube-apiserver.sh): certificate and
// token contexts, exec credential plugins (ExecCredential protocol, cached until expirationTimestamp,
// a missing one), a rejected token, an RBAC-limited certificate user in the Clusters tree model, and
// contexts from a KUBECONFIG list of two files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { applyManifests, deleteResource, KubeApiError, KubeClient, parseManifests } from '../../../src/core/clients/kubernetes/index.js';
import { ToolError } from '../../../src/core/contracts/result.js';
import { ClustersModel } from '../../../src/core/views/clusters/ClustersModel.js';
import { listContexts } from '../../../src/core/views/clusters/contexts.js';

const id = randomBytes(3).toString('hex');
const server = () => process.env.ANSFLOW_TEST_KUBE_SERVER!;

function adminToken(): string {
  const admin = KubeClient.load();
  try {
    return admin.kc.getCurrentUser()!.token!;
  } finally {
    admin.dispose();
  }
}

/** A kubeconfig file with one context `name` for the given user body, in its own folder. */
function kubeconfig(dir: string, file: string, name: string, user: string, namespace = 'default'): string {
  const path = join(dir, file);
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster: { server: '${server()}', insecure-skip-tls-verify: true }
users:
- name: ${name}-user
  user:
${user.replace(/^/gm, '    ')}
contexts:
- name: ${name}
  context: { cluster: ${name}, user: ${name}-user, namespace: ${namespace} }
current-context: ${name}
`);
  return path;
}

/** Signs a client certificate for `cn` (optionally in group `org`) with the run's client CA; returns [cert, key] file names in dir. */
function signClientCert(dir: string, cn: string, org?: string): [string, string] {
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, `openssl ${args[0]}: ${r.stderr}`);
  };
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `${org ? `/O=${org}` : ''}/CN=${cn}`, '-keyout', `${cn}.key`, '-out', `${cn}.csr`]);
  run(['x509', '-req', '-days', '1', '-in', `${cn}.csr`, '-CA', process.env.ANSFLOW_TEST_KUBE_CLIENT_CA!, '-CAkey', process.env.ANSFLOW_TEST_KUBE_CLIENT_CA_KEY!, '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-out', `${cn}.crt`]);
  return [`${cn}.crt`, `${cn}.key`];
}

/** An exec credential plugin script answering with `token`; each run appends a line to `calls`. */
function execPlugin(dir: string, token: string, expirationTimestamp?: string): { script: string; calls: () => number } {
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  const status = JSON.stringify({ token, ...(expirationTimestamp ? { expirationTimestamp } : {}) });
  const script = join(dir, 'auth-plugin.sh');
  writeFileSync(script, `#!/bin/sh\necho run >> "${calls}"\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":${status}}'\n`);
  chmodSync(script, 0o755);
  return { script, calls: () => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length };
}

async function namespaces(kube: KubeClient): Promise<string[]> {
  const list = await kube.request<{ items: Array<{ metadata: { name: string } }> }>('GET', '/api/v1/namespaces');
  return list.items.map((n) => n.metadata.name);
}

function client(path: string, context?: string): KubeClient {
  return KubeClient.load({ env: { KUBECONFIG: path, HOME: tmpdir(), PATH: process.env.PATH }, context });
}

test('(integration) auth: a client-certificate context (paths relative to the kubeconfig) and a token context both reach the apiserver', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const [cert, key] = signClientCert(dir, `auth-admin-${id}`, 'system:masters');
  const certKube = client(kubeconfig(dir, 'cert.yaml', 'cert', `client-certificate: ${cert}\nclient-key: ${key}`));
  writeFileSync(join(dir, 'token'), `${adminToken()}\n`);
  // tokenFile wins over the (wrong) inline token, as in client-go.
  const tokenKube = client(kubeconfig(dir, 'token.yaml', 'tok', 'token: not-the-token\ntokenFile: token'));
  try {
    assert.ok((await namespaces(certKube)).includes('default'));
    assert.ok((await namespaces(tokenKube)).includes('default'));
  } finally {
    certKube.dispose();
    tokenKube.dispose();
  }
});

test('(integration) auth: a rejected token fails with a 401 naming the context and user and a re-auth hint', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const kube = client(kubeconfig(dir, 'bad.yaml', `stale-${id}`, 'token: expired-or-revoked'));
  try {
    await assert.rejects(namespaces(kube), (e: unknown) => {
      assert.ok(e instanceof KubeApiError, String(e));
      assert.equal(e.status, 401);
      assert.equal(e.code, 'auth-failed');
      assert.match(e.message, new RegExp(`user "stale-${id}-user" in context "stale-${id}"`));
      assert.match(e.hint ?? '', /Log in again/);
      return true;
    });
  } finally {
    kube.dispose();
  }
});

test('(integration) auth: an exec plugin credential is used, cached until its expirationTimestamp and fetched again after it', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const token = adminToken();
  const fresh = mkdtempSync(join(tmpdir(), 'auth-'));
  const cached = execPlugin(fresh, token, '2999-01-01T00:00:00Z');
  // A relative command with a slash resolves against the kubeconfig's folder (client-go rule).
  const a = client(kubeconfig(fresh, 'exec.yaml', `exec-fresh-${id}`, 'exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ./auth-plugin.sh }'));
  const stale = mkdtempSync(join(tmpdir(), 'auth-'));
  const expired = execPlugin(stale, token, '2000-01-01T00:00:00Z');
  const b = client(kubeconfig(stale, 'exec.yaml', `exec-expired-${id}`, `exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ${expired.script} }`));
  try {
    for (let i = 0; i < 2; i++) {
      assert.ok((await namespaces(a)).includes('default'));
      assert.ok((await namespaces(b)).includes('default'));
    }
    assert.equal(cached.calls(), 1, 'a credential valid until 2999 is fetched once');
    assert.equal(expired.calls(), 2, 'an expired credential is fetched again for the next request');
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('(integration) auth: a missing exec plugin fails before any request with a message naming what to install', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));
  const withHint = client(kubeconfig(dir, 'a.yaml', 'gke', 'exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ansflow-missing-auth-plugin, installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin" }'));
  const noHint = client(kubeconfig(dir, 'b.yaml', 'eks', 'exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ansflow-missing-aws }'));
  try {
    await assert.rejects(namespaces(withHint), (e: unknown) =>
      e instanceof ToolError && e.code === 'tool-not-found' && /"ansflow-missing-auth-plugin"/.test(e.message) && /gcloud components install/.test(e.hint ?? ''));
    await assert.rejects(namespaces(noHint), (e: unknown) => e instanceof ToolError && e.code === 'tool-not-found' && /Install "ansflow-missing-aws"/.test(e.hint ?? ''));
  } finally {
    withHint.dispose();
    noHint.dispose();
  }
});

test('(integration) auth: an RBAC-limited certificate user who may not list namespaces sees its context namespace in the Clusters tree', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const ns = `auth-${id}`;
  const user = `auth-limited-${id}`;
  const admin = KubeClient.load();
  try {
    await applyManifests(admin, parseManifests(`
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: ${ns} }
rules: [{ apiGroups: [''], resources: [pods], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user} }]
`));
    const dir = mkdtempSync(join(tmpdir(), 'auth-'));
    const [cert, key] = signClientCert(dir, user);
    const limited = client(kubeconfig(dir, 'limited.yaml', 'limited', `client-certificate: ${cert}\nclient-key: ${key}`, ns));
    const model = new ClustersModel({ contexts: () => listContexts(limited.config), selection: () => ({ context: 'limited', namespace: ns }), client: () => limited }, { debounceMs: 20 });
    try {
      await assert.rejects(namespaces(limited), (e: unknown) => e instanceof KubeApiError && e.status === 403);
      await limited.request('GET', `/api/v1/namespaces/${ns}/pods`);
      const ctx = (await model.children(undefined)).find((n) => n.type === 'context' && n.context === 'limited');
      assert.ok(ctx, 'the limited context is a root row');
      const rows = await model.children(ctx);
      assert.deepEqual(rows.map((r) => [r.type, r.type === 'namespace' && r.namespace, r.type === 'namespace' && r.fromKubeconfig]), [['namespace', ns, true]]);
    } finally {
      model.dispose();
      limited.dispose();
    }
  } finally {
    await deleteResource(admin, 'Namespace', ns).catch(() => undefined);
    admin.dispose();
  }
});

test('(integration) auth: contexts from a KUBECONFIG list of two files (certificate and exec) each reach the apiserver', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const one = mkdtempSync(join(tmpdir(), 'auth-'));
  const two = mkdtempSync(join(tmpdir(), 'auth-'));
  const [cert, key] = signClientCert(one, `auth-list-${id}`, 'system:masters');
  const plugin = execPlugin(two, adminToken());
  const list = [
    kubeconfig(one, 'config', `list-cert-${id}`, `client-certificate: ${cert}\nclient-key: ${key}`),
    kubeconfig(two, 'config', `list-exec-${id}`, `exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ./auth-plugin.sh }`),
  ].join(':');
  const first = KubeClient.load({ env: { KUBECONFIG: list, HOME: tmpdir(), PATH: process.env.PATH } });
  const second = first.withContext(`list-exec-${id}`);
  try {
    assert.deepEqual(listContexts(first.config).map((c) => c.name).sort(), [`list-cert-${id}`, `list-exec-${id}`]);
    assert.equal(first.context, `list-cert-${id}`, 'the first file\'s current-context wins');
    assert.ok((await namespaces(first)).includes('default'));
    assert.ok((await namespaces(second)).includes('default'));
    assert.ok(plugin.calls() >= 1);
  } finally {
    first.dispose();
    second.dispose();
  }
});
