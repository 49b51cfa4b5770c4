// (integration) Kubernetes client and step types against the real test kube-apiserver (and, when the
// kube-node engine is up, a real kubelet running pods on the test dockerd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import {
  KubeClient,
  ResourceCache,
  applyManifests,
  parseManifests,
  listResources,
  getResource,
  deleteResource,
  scaleResource,
  discoverResources,
  describeResource,
  resourceToYaml,
} from '../../../src/core/clients/kubernetes/index.js';
import { applyStep } from '../../../src/core/runner/steps/kubernetes/applyStep.js';
import { deleteStep } from '../../../src/core/runner/steps/kubernetes/deleteStep.js';
import { fakeStepContext } from './fakeStepContext.js';
import { deployment, manifestText } from '../../helpers/kubePods.mjs';

const ns = `it-${randomBytes(3).toString('hex')}`;

function client(): KubeClient {
  return KubeClient.load({ namespace: ns });
}

const MANIFEST = (n: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${n}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: ${n}
  labels: { ansflow-test: prune }
data:
  color: blue
---
${manifestText(deployment({ name: 'web', namespace: n, labels: { 'ansflow-test': 'prune' } }, { replicas: 1, containers: [{ name: 'web', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo started; sleep 3600'] }] }))}`;

test('(integration) server-side apply of a multi-document manifest: dry run persists nothing, apply creates, re-apply is unchanged', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = client();
  try {
    const docs = parseManifests(MANIFEST(ns));
    // Dry run of the whole set: the Namespace is validated by the server; objects inside a namespace the
    // same dry run creates cannot be, and are reported as such instead of failing the plan.
    const dry = await applyManifests(kube, docs, { dryRun: true });
    assert.deepEqual(dry.map((r) => [r.kind, r.action, !!r.unvalidated]), [['Namespace', 'created', false], ['ConfigMap', 'created', true], ['Deployment', 'created', true]]);
    await assert.rejects(getResource(kube, 'namespaces', ns), (e: Error & { code?: string }) => e.code === 'not-found');

    const first = await applyManifests(kube, docs);
    assert.deepEqual(first.map((r) => `${r.kind}/${r.name}:${r.action}`), ['Namespace/' + ns + ':created', 'ConfigMap/app-config:created', 'Deployment/web:created']);
    const cm = await getResource(kube, 'configmaps', 'app-config', ns);
    assert.equal((cm.data as Record<string, string>).color, 'blue');
    const managers = (cm.metadata.managedFields as Array<{ manager: string; operation: string }>).map((m) => `${m.manager}:${m.operation}`);
    assert.ok(managers.includes('ansflow:Apply'), `managedFields: ${managers.join(', ')}`);

    const again = await applyManifests(kube, docs.slice(1, 2));
    assert.equal(again[0]!.action, 'unchanged');

    // A changed value in dry-run mode is reported but not stored.
    const changed = parseManifests(MANIFEST(ns).replace('color: blue', 'color: red'));
    const dryChange = await applyManifests(kube, changed.slice(1, 2), { dryRun: true });
    assert.equal(dryChange[0]!.action, 'configured');
    assert.equal(((await getResource(kube, 'configmaps', 'app-config', ns)).data as Record<string, string>).color, 'blue');
  } finally {
    kube.dispose();
  }
});

test('(integration) kubernetes.apply step: files from a folder with ${{ }} in file contents, prune by label, then kubernetes.delete', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-apply-'));
  writeFileSync(join(dir, 'a.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: from-file, labels: { ansflow-test: prune } }\ndata: { version: "\${{ params.version }}" }\n`);
  writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
  const { ctx, out } = fakeStepContext(
    { manifests: [dir], namespace: ns, prune: 'ansflow-test=prune' },
    // The step substitutes values itself, as YAML values (manifests are a raw key).
    { workspace: dir, evaluate: (source) => (source.trim() === 'params.version' ? '1.2.3' : undefined) },
  );
  assert.deepEqual(applyStep.validate!(ctx.with), []);
  const res = await applyStep.run(ctx);
  assert.equal(res.exitCode, 0, out.logs.join(''));
  const kube = client();
  try {
    const cm = await getResource(kube, 'configmaps', 'from-file', ns);
    assert.equal((cm.data as Record<string, string>).version, '1.2.3');
    // app-config and the web Deployment carry the prune label but are not in this apply set → pruned.
    assert.equal(res.outputs!.pruned, '2', out.logs.join(''));
    await assert.rejects(getResource(kube, 'configmaps', 'app-config', ns));
    const del = fakeStepContext({ resource: 'configmap/from-file', namespace: ns });
    assert.equal((await deleteStep.run(del.ctx)).exitCode, 0);
    assert.ok(del.out.logs.join('').includes('configmap/from-file deleted'));
    await assert.rejects(getResource(kube, 'configmaps', 'from-file', ns));

    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: sel-a, namespace: ${ns}, labels: { batch: x } }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: sel-b, namespace: ${ns}, labels: { batch: x } }\n`));
    const bySel = fakeStepContext({ kind: 'ConfigMap', selector: 'batch=x', namespace: ns, wait: true });
    assert.deepEqual(deleteStep.validate!(bySel.ctx.with), []);
    const selRes = await deleteStep.run(bySel.ctx);
    assert.equal(selRes.outputs!.deleted, '2');
    assert.equal((await listResources(kube, 'configmaps', { namespace: ns, labelSelector: 'batch=x' })).items.length, 0);
  } finally {
    kube.dispose();
  }
});

test('(integration) informer cache: list + watch events, lazy start/stop, events in order', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = client();
  try {
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`));
    const cache = new ResourceCache(kube, 'configmaps', { namespace: ns, backoffMs: 100 });
    assert.equal(cache.active, false, 'no watch before the first subscriber');
    const seen: string[] = [];
    const sub = cache.onDidChange((e) => seen.push(e.type === 'sync' || e.type === 'page' ? e.type : `${e.type}:${e.object.metadata.name}`));
    await cache.ready();
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: watched, namespace: ${ns} }\n`));
    await waitFor(() => seen.includes('added:watched'));
    await deleteResource(kube, 'configmaps', 'watched', ns);
    await waitFor(() => seen.includes('deleted:watched'));
    assert.equal(cache.get('watched', ns), undefined);
    sub.dispose();
    assert.equal(cache.active, false, 'the watch stops with the last subscriber');

    cache.dispose();
  } finally {
    kube.dispose();
  }
});

test('(integration) discovery, list, describe, YAML, scale, and a namespace set explicitly without list permission', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = client();
  try {
    const kinds = await discoverResources(kube);
    assert.ok(kinds.some((k) => k.kind === 'Deployment' && k.group === 'apps'));
    await applyManifests(kube, parseManifests(MANIFEST(ns)).slice(2));
    await scaleResource(kube, 'deployments', 'web', 0, ns);
    const dep = await getResource(kube, 'deployment', 'web', ns);
    assert.equal((dep.spec as { replicas: number }).replicas, 0);
    const summary = describeResource(dep);
    assert.match(summary.status, /^\d+\/0 ready$/);
    assert.ok(!resourceToYaml(dep).includes('managedFields'));
    const all = await listResources(kube, 'deployments');
    assert.ok(all.items.some((d) => d.metadata.namespace === ns && d.metadata.name === 'web'));

    // A user who may only read configmaps in one namespace (no namespace list) still works when it is set explicitly.
    const sa = `limited-${randomBytes(2).toString('hex')}`;
    await applyManifests(
      kube,
      parseManifests(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: cm-reader, namespace: ${ns} }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: cm-reader, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader }
subjects: [{ kind: User, name: ${sa} }]
`),
    );
    // A kubeconfig user that impersonates the limited user (`as:`), loaded like any other kubeconfig.
    const raw = readFileSync(process.env.KUBECONFIG!.split(':')[0]!, 'utf8');
    const limitedFile = join(mkdtempSync(join(tmpdir(), 'ansflow-kc-')), 'config');
    writeFileSync(limitedFile, raw.replace(/(\n\s+token: .*)/, `$1\n    as: ${sa}`));
    const limited = KubeClient.load({ kubeconfig: limitedFile, namespace: ns });
    try {
      await assert.rejects(listResources(limited, 'namespaces'), (e: Error & { code?: string }) => e.code === 'auth-failed');
      const cms = await listResources(limited, 'configmaps', { namespace: limited.namespace });
      assert.ok(Array.isArray(cms.items));
      const cache = new ResourceCache(limited, 'configmaps', { namespace: limited.namespace });
      const sub = cache.onDidChange(() => {});
      await cache.ready();
      assert.equal(cache.lastError, undefined);
      sub.dispose();
      cache.dispose();
    } finally {
      limited.dispose();
    }
  } finally {
    kube.dispose();
  }
});

async function waitFor(cond: () => boolean, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test.after(async () => {
  if (!process.env.ANSFLOW_TEST_ENGINES?.includes('kube')) return;
  const kube = client();
  await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
  kube.dispose();
});
