// (integration) Server-side apply prune against the real kube-apiserver: only objects AnsFlow applied
// (field manager `ansflow`, operation Apply) in the namespaces of this apply are deleted; objects made
// by another manager — even carrying the prune label, even after AnsFlow patched them — stay; a dry
// run reports what it would prune and deletes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { requireEngine } from '../engines.js';
import { KubeClient, applyManifests, parseManifests, getResource, listResources, deleteResource } from '../../../src/core/clients/kubernetes/index.js';

const tag = randomBytes(3).toString('hex');
const ns = `prune-${tag}`;
const other = `prune-other-${tag}`;
const LABEL = `prune-set=${tag}`;

const cm = (name: string, namespace = ns, labelled = true) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${labelled ? `  labels: { prune-set: "${tag}" }\n` : ''}data: { k: v }\n`;
const docs = (...parts: string[]) => parseManifests(parts.join('---\n'));

test('(integration) SSA prune deletes only what AnsFlow applied; dry-run prune (and a dry-run delete) deletes nothing', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = KubeClient.load({ namespace: ns });
  t.after(async () => {
    for (const n of [ns, other]) await kube.request('DELETE', `/api/v1/namespaces/${n}`).catch(() => undefined);
    kube.dispose();
  });
  const nsDoc = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${n} }\n`;
  // Ours: applied by AnsFlow with the label, in this namespace and in another one; one without the label.
  await applyManifests(kube, docs(nsDoc(ns), nsDoc(other), cm('keep'), cm('gone'), cm('unlabelled', ns, false), cm('elsewhere', other)));
  // Not ours: created by another client with the same label (a plain create, and kubectl's server-side apply).
  await kube.request('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foreign-create', labels: { 'prune-set': tag } }, data: { k: 'v' } } });
  await kube.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/foreign-apply`, {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foreign-apply', labels: { 'prune-set': tag } }, data: { k: 'v' } },
    contentType: 'application/apply-patch+yaml',
    query: { fieldManager: 'kubectl' },
  });
  // AnsFlow later changed a field of the foreign object (an Update, e.g. an edit): still not an object it applied.
  await kube.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/foreign-apply`, { body: { data: { touched: 'yes' } }, contentType: 'application/merge-patch+json', query: { fieldManager: 'ansflow' } });

  const names = async (n: string) => (await listResources(kube, 'configmaps', { namespace: n })).items.map((o) => o.metadata.name).filter((x) => x !== 'kube-root-ca.crt').sort();
  const before = { [ns]: await names(ns), [other]: await names(other) };
  assert.deepEqual(before[ns], ['foreign-apply', 'foreign-create', 'gone', 'keep', 'unlabelled']);

  const dry = await applyManifests(kube, docs(cm('keep')), { pruneSelector: LABEL, dryRun: true });
  assert.deepEqual(dry.filter((r) => r.action === 'pruned').map((r) => `${r.namespace}/${r.name}`), [`${ns}/gone`], 'the dry run names what it would prune');
  assert.deepEqual({ [ns]: await names(ns), [other]: await names(other) }, before, 'a dry-run prune deleted something');

  // The same rule for a single delete (kubernetes.delete --dry-run, the Clusters view).
  assert.equal(await deleteResource(kube, 'configmaps', 'gone', ns, { dryRun: true }), true);
  assert.deepEqual(await names(ns), before[ns], 'a dry-run delete deleted the object');

  const real = await applyManifests(kube, docs(cm('keep')), { pruneSelector: LABEL });
  assert.deepEqual(real.filter((r) => r.action === 'pruned').map((r) => `${r.namespace}/${r.name}`), [`${ns}/gone`]);
  // Deletion is asynchronous only for finalizers; a ConfigMap has none, but wait on the listing, not a clock.
  for (let i = 0; i < 100 && (await names(ns)).includes('gone'); i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await names(ns), ['foreign-apply', 'foreign-create', 'keep', 'unlabelled']);
  assert.deepEqual(await names(other), ['elsewhere'], 'prune reached a namespace this apply did not touch');
  assert.equal(((await getResource(kube, 'configmaps', 'foreign-apply', ns)).data as Record<string, string>).touched, 'yes');
});
