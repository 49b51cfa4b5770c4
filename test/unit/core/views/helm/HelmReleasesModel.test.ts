// (unit) The Helm Releases tree model over release storage recorded from real Helm 3.17 on the test
// apiserver (fixtures/record.sh): grouping, hiding, sorting, descriptions, status colours, tooltips,
// documents, and watches that run only for expanded rows of a visible view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HelmReleasesModel,
  helmDocumentPath,
  helmDocumentText,
  helmTreeItem,
  parseHelmDocumentPath,
  type HelmContextEntry,
  type HelmStorage,
  type HelmStorageObject,
  type HelmTreeNode,
  type StoredRevision,
} from '../../../../../src/core/views/helm/index.js';

const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'releases.json'), 'utf8')) as { secrets: HelmStorageObject[]; configMaps: HelmStorageObject[] };
const NOW = Date.parse('2026-12-01T20:34:31Z');

/** Recorded objects behind the HelmStorage interface; counts subscriptions (see README doubles table). */
class RecordedStorage implements HelmStorage {
  readonly listeners = new Set<() => void>();
  subscriptions = 0;
  error: Error | undefined;
  narrowedTo: string | undefined;
  disposed = false;
  constructor(public objects: StoredRevision[]) {}
  onDidChange(l: () => void) {
    this.listeners.add(l);
    this.subscriptions++;
    return { dispose: () => void this.listeners.delete(l) };
  }
  async ready() {}
  items() {
    return this.objects;
  }
  change(objects: StoredRevision[]) {
    this.objects = objects;
    for (const l of this.listeners) l();
  }
  dispose() {
    this.disposed = true;
  }
}

function allRecorded(): StoredRevision[] {
  return [...recorded.secrets.map((obj) => ({ obj, driver: 'secret' as const })), ...recorded.configMaps.map((obj) => ({ obj, driver: 'configmap' as const }))];
}

function setup(contexts: HelmContextEntry[] = [{ name: 'other', selected: false, namespace: 'default' }, { name: 'test', selected: true, namespace: 'shop' }]) {
  const storages = new Map<string, RecordedStorage>();
  const model = new HelmReleasesModel({
    contexts: () => contexts,
    storageFor: (c) => {
      const s = new RecordedStorage(c === 'test' ? allRecorded() : []);
      storages.set(c, s);
      return s;
    },
    debounceMs: 0,
  });
  return { model, storages };
}

const labels = (nodes: HelmTreeNode[]) => nodes.map((n) => helmTreeItem(n, NOW).label);

test('(unit) Helm tree: selected context first, namespaces with releases (selected first), releases by name, revisions newest first; uninstalled releases hidden', async () => {
  const { model } = setup();
  const roots = await model.children();
  assert.deepEqual(labels(roots), ['test', 'other']);
  const nss = await model.children(roots[0]);
  // tools/gone was uninstalled with --keep-history: hidden like `helm list`.
  assert.deepEqual(labels(nss), ['shop', 'legacy']);
  const releases = await model.children(nss[0]);
  assert.deepEqual(labels(releases), ['api', 'web']);
  const web = releases[1]!;
  assert.equal(web.kind === 'release' && web.revisions, 3);
  const revs = await model.children(web);
  assert.deepEqual(labels(revs), ['Revision 3', 'Revision 2', 'Revision 1']);
  assert.deepEqual(revs.map((r) => helmTreeItem(r, NOW).contextValue), ['ansflow.helm.revision.latest', 'ansflow.helm.revision', 'ansflow.helm.revision']);
  const legacy = await model.children(nss[1]);
  assert.deepEqual(legacy.map((n) => n.kind === 'release' && [n.name, n.latest.storage, n.latest.status]), [['old', 'configmap', 'deployed']]);
  assert.deepEqual(labels(await model.children(roots[1])), ['No Helm releases']);
  model.dispose();
});

test('(unit) Helm tree rows: status, chart and version, app version, revision and age; colours by status; tooltips with details', async () => {
  const { model } = setup();
  const [ctx] = await model.children();
  const [shop] = await model.children(ctx);
  const [api, web] = await model.children(shop);
  const apiItem = helmTreeItem(api!, NOW);
  assert.equal(apiItem.description, 'failed · demo-0.3.1 · app 2.4.0 · rev 2 · 10m ago');
  assert.deepEqual([apiItem.icon, apiItem.color], ['error', 'testing.iconFailed']);
  assert.match(apiItem.tooltip!, /description: Upgrade "api" failed: failed to create resource: Service "api-svc" is invalid/);
  assert.match(apiItem.tooltip!, /2 revisions stored/);
  const webItem = helmTreeItem(web!, NOW);
  assert.equal(webItem.description, 'deployed · demo-0.3.1 · app 2.4.0 · rev 3 · 10m ago');
  assert.deepEqual([webItem.icon, webItem.color, webItem.collapsible, webItem.id], ['pass', 'testing.iconPassed', 'collapsed', 'helm:test/shop/web']);
  const [r3, r2] = await model.children(web);
  assert.equal(helmTreeItem(r3!, NOW).description, 'deployed · demo-0.3.1 · app 2.4.0 · 10m ago · Rollback to 1');
  assert.deepEqual([helmTreeItem(r2!, NOW).icon, helmTreeItem(r2!, NOW).color], ['history', 'disabledForeground']);
  const ctxItem = helmTreeItem(ctx!, NOW);
  assert.deepEqual([ctxItem.description, ctxItem.collapsible, ctxItem.contextValue], ['selected · shop', 'expanded', 'ansflow.helm.context.selected']);
  assert.equal(helmTreeItem(shop!, NOW).description, '2 releases');
  model.dispose();
});

test('(unit) Helm documents: user-supplied and computed values (null deletes a default), manifest, notes, hooks', async () => {
  const { model } = setup();
  const [ctx] = await model.children();
  await model.children(ctx);
  const rev2 = model.history('test', 'shop', 'web').find((r) => r.revision === 2)!;
  assert.equal(helmDocumentText(rev2, 'values'), 'color: green\nnested:\n  b: null\nreplicas: 3\n');
  assert.equal(helmDocumentText(rev2, 'computed-values'), 'color: green\nnested:\n  a: 1\nreplicas: 3\n');
  assert.match(helmDocumentText(rev2, 'manifest'), /^ {2}color: "green"$/m);
  assert.equal(helmDocumentText(rev2, 'notes'), 'Thanks for installing web.\n');
  assert.equal(helmDocumentText(rev2, 'hooks'), '---\n# Source: demo/templates/hook.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-hook\n  annotations:\n    "helm.sh/hook": post-install,post-upgrade\ndata:\n  at: "2"\n');
  assert.deepEqual(rev2.hooks.map((h) => [h.name, h.events, h.lastRunPhase]), [['web-hook', ['post-install', 'post-upgrade'], 'Succeeded']]);
  const rev1 = model.history('test', 'shop', 'web').find((r) => r.revision === 1)!;
  assert.equal(helmDocumentText(rev1, 'values'), 'color: red\n');
  const ref = { context: 'kind/a b', namespace: 'shop', release: 'web', revision: 2, part: 'computed-values' as const };
  assert.equal(helmDocumentPath(ref).split('/').at(-1), 'web-r2-computed-values.yaml');
  assert.deepEqual(parseHelmDocumentPath(helmDocumentPath(ref)), ref);
  assert.equal(parseHelmDocumentPath('/x/y'), undefined);
  model.dispose();
});

test('(unit) Helm tree watches a context only while it is expanded in a visible view, and redraws it when storage changes', async () => {
  const { model, storages } = setup();
  const fired: Array<HelmTreeNode | undefined> = [];
  model.onDidChange((n) => fired.push(n));
  const [ctx, other] = await model.children();
  assert.equal(storages.size, 0, 'nothing is watched before a context is expanded');
  await model.children(ctx);
  assert.equal(model.watching('test'), true);
  assert.equal(model.watching('other'), false);
  model.collapsed(ctx!);
  assert.equal(model.watching('test'), false, 'collapsing stops the watch');
  await model.children(ctx);
  assert.equal(model.watching('test'), true, 'expanding again restarts it');
  await model.children(other);
  model.setVisible(false);
  assert.deepEqual([model.watching('test'), model.watching('other')], [false, false], 'hiding the view stops every watch');
  await model.children(ctx);
  assert.equal(model.watching('test'), false, 'a hidden view starts no watch');
  model.setVisible(true);
  assert.deepEqual(fired, [undefined], 'showing the view redraws it, so expanded rows re-subscribe');
  await model.children(ctx);
  assert.equal(model.watching('test'), true);

  // A new revision arrives through the watch: one coalesced change for the context row, and the rows show it.
  fired.length = 0;
  const storage = storages.get('test')!;
  const web3 = storage.objects.find((s) => s.obj.metadata.name === 'sh.helm.release.v1.web.v3')!;
  const web4 = { ...web3, obj: { ...web3.obj, metadata: { ...web3.obj.metadata, name: 'sh.helm.release.v1.web.v4', uid: 'new', labels: { ...web3.obj.metadata.labels, version: '4' } } } };
  storage.change([...storage.objects, web4]);
  storage.change([...storage.objects]);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(fired, [ctx]);
  const [shop] = await model.children(ctx);
  const web = (await model.children(shop)).find((n) => n.kind === 'release' && n.name === 'web')!;
  assert.equal(web.kind === 'release' && web.revisions, 4);
  model.dispose();
  assert.equal(storage.disposed, true);
});

test('(unit) Helm tree errors: no kubeconfig is one row with the hint; a storage that cannot list shows its error under the context', async () => {
  const none = new HelmReleasesModel({ contexts: () => ({ error: Object.assign(new Error('No Kubernetes contexts found'), { hint: 'Set KUBECONFIG or create ~/.kube/config.' }) }), storageFor: () => assert.fail('no storage without contexts') });
  const [row] = await none.children();
  assert.deepEqual([helmTreeItem(row!, NOW).label, helmTreeItem(row!, NOW).description, helmTreeItem(row!, NOW).icon], ['No Kubernetes contexts found', 'Set KUBECONFIG or create ~/.kube/config.', 'warning']);
  const failing = new RecordedStorage([]);
  failing.error = Object.assign(new Error('GET /api/v1/secrets: forbidden'), { hint: 'Your user lacks RBAC permission for this call.' });
  const m = new HelmReleasesModel({ contexts: () => [{ name: 'c', selected: true, namespace: 'default' }], storageFor: () => failing });
  const [ctx] = await m.children();
  const [err] = await m.children(ctx);
  assert.deepEqual([err!.kind, helmTreeItem(err!, NOW).label], ['message', 'GET /api/v1/secrets: forbidden']);
  const narrowed = new RecordedStorage([]);
  narrowed.narrowedTo = 'team-a';
  const n = new HelmReleasesModel({ contexts: () => [{ name: 'c', selected: true, namespace: 'team-a' }], storageFor: () => narrowed });
  const [nctx] = await n.children();
  assert.deepEqual(labels(await n.children(nctx)), ['No Helm releases in namespace team-a']);
  for (const x of [none, m, n]) x.dispose();
});
