// (integration) The Helm Releases tree model and its actions against the real apiserver and Helm 3.17:
// a release with two revisions shows both, a third arrives live through the watch, rollback (after
// the preview), upgrade, test, template and uninstall run through the actions' core functions, and
// a user who may list Secrets only in one namespace still sees that namespace's releases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine, uniqueName } from '../engines.js';
import { KubeClient, deleteResource, fromRaw } from '../../../src/core/clients/kubernetes/index.js';
import { diffReleaseRevisions, findHelm, helmInstall, runToolCommand } from '../../../src/core/clients/helm/index.js';
import { isCancellationError } from '../../../src/core/contracts/result.js';
import {
  HelmReleasesModel,
  HelmStorageWatch,
  helmDocumentText,
  helmTreeItem,
  rollbackPreview,
  rollbackRelease,
  templateChart,
  testRelease,
  uninstallRelease,
  upgradeRelease,
  type HelmReleaseTarget,
  type HelmTreeNode,
} from '../../../src/core/views/helm/index.js';

function makeChart(): string {
  const chart = join(mkdtempSync(join(tmpdir(), 'ansflow-helmtree-')), 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.3.1\nappVersion: "2.4.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'color: blue\nreplicas: 1\n');
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  color: {{ .Values.color | quote }}\n  replicas: {{ .Values.replicas | quote }}\n');
  return chart;
}

/**
 * Resolves when `check` holds after a change the model announced (call it before causing the change, so the
 * event cannot be missed); rejects with `what` if the model never gets there.
 */
function whenModel(model: HelmReleasesModel, what: string, check: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (e?: Error) => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearTimeout(guard);
      if (e) reject(e);
      else resolve();
    };
    const probe = () => void check().then((ok) => ok && finish(), finish);
    const sub = model.onDidChange(probe);
    // Only a hang guard: the watch normally delivers within a second.
    const guard = setTimeout(() => finish(new Error(`the model never showed ${what}`)), 60_000);
  });
}

async function rowsUnder(model: HelmReleasesModel, path: string[]): Promise<HelmTreeNode[]> {
  let nodes = await model.children();
  for (const label of path) {
    const node = nodes.find((n) => helmTreeItem(n, Date.now()).label === label);
    if (!node) return [];
    nodes = await model.children(node);
  }
  return nodes;
}

test('(integration) Helm tree: two revisions listed, a third arrives live, rollback after preview, upgrade, test, template, uninstall', async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const chart = makeChart();
  const ns = uniqueName('helmtree');
  const kube = KubeClient.load();
  const context = kube.context;
  let storage: HelmStorageWatch | undefined;
  const model = new HelmReleasesModel({
    contexts: () => [{ name: context, selected: true, namespace: ns }],
    storageFor: (c) => (storage = new HelmStorageWatch(kube.withContext(c))),
    debounceMs: 50,
  });
  const target: HelmReleaseTarget = { helm, context, namespace: ns, release: 'web' };
  try {
    await runToolCommand(helmInstall(helm, { release: 'web', chart, namespace: ns, createNamespace: true, kubeContext: context, set: { color: 'red' } }));
    await upgradeRelease(target, { chart, set: { color: 'green' }, atomic: true });

    const [ctxRow] = await model.children();
    assert.ok(storage === undefined, 'no watch before the context row is expanded');
    const nss = await model.children(ctxRow);
    assert.equal(helmTreeItem(nss[0]!, Date.now()).label, ns, 'the selected namespace comes first');
    assert.ok(storage!.active, 'expanding the context starts its watch');
    const [web] = await model.children(nss[0]);
    assert.match(helmTreeItem(web!, Date.now()).description!, /^deployed · demo-0\.3\.1 · app 2\.4\.0 · rev 2 · /);
    assert.deepEqual((await model.children(web)).map((n) => helmTreeItem(n, Date.now()).label), ['Revision 2', 'Revision 1']);

    // A third revision made outside the tree appears through the watch.
    const t0 = Date.now();
    const third = whenModel(model, 'revision 3', async () => (await rowsUnder(model, [context, ns, 'web'])).length === 3);
    await upgradeRelease(target, { chart, set: { color: 'yellow' }, valuesFiles: [] });
    await third;
    t.diagnostic(`revision 3 reached the tree model ${Date.now() - t0} ms after helm upgrade started`);
    const history = model.history(context, ns, 'web');
    assert.deepEqual(history.map((r) => [r.revision, r.status]), [[3, 'deployed'], [2, 'superseded'], [1, 'superseded']]);
    assert.equal(helmDocumentText(history[0]!, 'values'), 'color: yellow\n');
    assert.match(diffReleaseRevisions(history[2]!, history[0]!), /^- {2}color: "red"\n\+ {2}color: "yellow"$/m);

    // Rollback: the preview compares the latest with the target, then helm rolls back; the tree shows revision 4.
    const preview = rollbackPreview(history, 1);
    assert.deepEqual([preview.current.revision, preview.target.revision, preview.stats], [3, 1, { added: 1, removed: 1 }]);
    const fourth = whenModel(model, 'revision 4 (the rollback)', async () => (await rowsUnder(model, [context, ns, 'web'])).length === 4);
    await rollbackRelease(target, 1);
    await fourth;
    const after = model.history(context, ns, 'web');
    assert.equal(after[0]!.manifest, history[2]!.manifest, 'revision 4 deploys what revision 1 did');
    assert.equal(after[0]!.description, 'Rollback to 1');

    // helm test on a chart without test hooks reports an empty suite; template renders locally.
    assert.match(await testRelease(target), /TEST SUITE:\s+None/);
    assert.match(await templateChart(helm, { chart, release: 'preview', set: { color: 'pink' } }), /name: preview-cfg[\s\S]*color: "pink"/);

    // Collapsing the context stops its watch; expanding again restarts it.
    model.collapsed(ctxRow!);
    assert.equal(storage!.active, false);
    await model.children(ctxRow);
    assert.equal(storage!.active, true);

    // Other tests' releases may share the cluster (one set of engines per run): only this test's namespace must go.
    const ownRow = (nodes: HelmTreeNode[]) => nodes.some((n) => n.kind === 'namespace' && n.namespace === ns);
    const gone = whenModel(model, 'the release gone', async () => !ownRow(await model.children(ctxRow)));
    await uninstallRelease(target);
    await gone;
    assert.equal(ownRow(await model.children(ctxRow)), false);
  } finally {
    model.dispose();
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) Helm tree actions: a missing helm is a tool-not-found error that says what to install', async () => {
  await assert.rejects(
    upgradeRelease({ helm: '/nonexistent/helm', context: 'x', namespace: 'y', release: 'web' }, { chart: './c' }),
    (e: Error & { code?: string; hint?: string }) => e.code === 'tool-not-found' && /Install Helm 3/.test(e.hint ?? ''),
  );
});

test('(integration) Helm tree actions: cancelling an upgrade that waits ends it as cancelled, not as a helm failure', async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const chart = makeChart();
  const ns = uniqueName('helmtree-cancel');
  const kube = KubeClient.load();
  const target: HelmReleaseTarget = { helm, context: kube.context, namespace: ns, release: 'slow' };
  const storage = new HelmStorageWatch(kube.withContext(undefined, ns));
  const sub = storage.onDidChange(() => undefined);
  try {
    await runToolCommand(helmInstall(helm, { release: 'slow', chart, namespace: ns, createNamespace: true }));
    // No controller runs in this engine set, so a Deployment never becomes ready and --wait waits.
    writeFileSync(join(chart, 'templates', 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: slow\nspec:\n  selector: { matchLabels: { app: slow } }\n  template:\n    metadata: { labels: { app: slow } }\n    spec: { containers: [{ name: c, image: none }] }\n');
    const ac = new AbortController();
    const pendingSeen = new Promise<void>((resolve) => {
      const s = storage.onDidChange(() => {
        if (storage.items().some((i) => i.obj.metadata.labels?.status === 'pending-upgrade')) {
          s.dispose();
          resolve();
        }
      });
    });
    const upgrade = upgradeRelease(target, { chart, wait: true, timeout: '30s' }, { signal: ac.signal });
    await pendingSeen;
    ac.abort();
    await assert.rejects(upgrade, (e: Error) => isCancellationError(e));
  } finally {
    sub.dispose();
    storage.dispose();
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) Helm tree: a user allowed to list Secrets in one namespace only sees that namespace (the watch narrows on 403)', async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const admin = KubeClient.load();
  const ns = uniqueName('helmtree-rbac');
  const post = (path: string, body: unknown) => admin.request<Record<string, unknown>>('POST', path, { body });
  let limited: KubeClient | undefined;
  const model = new HelmReleasesModel({ contexts: () => [{ name: 'limited', selected: true, namespace: ns }], storageFor: () => new HelmStorageWatch(limited!) });
  try {
    await runToolCommand(helmInstall(helm, { release: 'only', chart: makeChart(), namespace: ns, createNamespace: true }));
    await post(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'viewer' } });
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { metadata: { name: 'helm-view' }, rules: [{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] }] });
    await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, { metadata: { name: 'helm-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'helm-view' }, subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: ns }] });
    const tr = await post(`/api/v1/namespaces/${ns}/serviceaccounts/viewer/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } });
    const token = (tr.status as { token: string }).token;
    const raw = structuredClone(admin.config.raw);
    const cluster = (raw.contexts.find((c) => c.name === admin.context)!.context as { cluster: string }).cluster;
    raw.users.push({ name: 'viewer', user: { token } });
    raw.contexts.push({ name: 'limited', context: { cluster, user: 'viewer', namespace: ns } });
    limited = new KubeClient(fromRaw(raw, [], { context: 'limited' }));

    const [ctxRow] = await model.children();
    const nss = await model.children(ctxRow);
    assert.deepEqual(nss.map((n) => helmTreeItem(n, Date.now()).label), [ns]);
    assert.deepEqual((await model.children(nss[0])).map((n) => helmTreeItem(n, Date.now()).label), ['only']);
  } finally {
    model.dispose();
    limited?.dispose();
    await deleteResource(admin, 'namespaces', ns).catch(() => undefined);
    admin.dispose();
  }
});
