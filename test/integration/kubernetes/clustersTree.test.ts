// (integration) The Clusters tree model against the real apiserver (and kubelet for running pods):
// watches add and remove rows, leases stop watches on collapse and hide, the first list is paged,
// an RBAC-limited user still sees its namespace and only the actions it may do, and the actions'
// core calls (scale, restart, undo, delete, SSA apply with conflicts, logs, exec, port-forward)
// show up in the rows. Waits are on conditions; latencies are printed for bench/, never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { requireEngine } from '../engines.js';
import {
  applyManifests, deleteResource, execInPod, forwardPort, fromRaw, getResource, KubeClient, parseFieldConflicts, parseManifests,
  ResourceCache, rolloutRestart, rolloutUndo, scaleResource, streamPodLogs, toApplyObject, type KubeObject,
} from '../../../src/core/clients/kubernetes/index.js';
import { ToolError } from '../../../src/core/contracts/result.js';
import { ClustersModel, type ClustersModelHost } from '../../../src/core/views/clusters/ClustersModel.js';
import { listContexts } from '../../../src/core/views/clusters/contexts.js';
import type { ClusterNode, ResourceNode } from '../../../src/core/views/clusters/nodes.js';
import { present } from '../../../src/core/views/clusters/present.js';
import { deployment, manifestText, pod } from '../../helpers/kubePods.mjs';

const ns = `clu-${randomBytes(3).toString('hex')}`;

/** Polls `check` until it returns a value (the condition), failing with `what` after a generous guard. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>, guardMs = 120_000): Promise<T> {
  const end = Date.now() + guardMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function hostFor(kube: KubeClient, namespace = ns): ClustersModelHost {
  return { contexts: () => listContexts(kube.config), selection: () => ({ context: kube.context, namespace }), client: () => kube };
}

async function pick(model: ClustersModel, parent: ClusterNode | undefined, pred: (n: ClusterNode) => boolean): Promise<ClusterNode> {
  return until(`a row under ${parent?.id ?? 'root'}`, async () => (await model.children(parent)).find(pred));
}

const labelOf = (n: ClusterNode) => present(n).label;

/** Opens context > namespace > group > kind and returns the kind row. */
async function openKind(model: ClustersModel, group: string, kindLabel: string, namespace = ns): Promise<{ ctx: ClusterNode; nsRow: ClusterNode; kind: ClusterNode }> {
  const ctx = await pick(model, undefined, (n) => n.type === 'context' && n.selected);
  const nsRow = await pick(model, ctx, (n) => n.type === 'namespace' && n.namespace === namespace);
  const g = await pick(model, nsRow, (n) => n.type === 'group' && labelOf(n) === group);
  const kind = await pick(model, g, (n) => labelOf(n) === kindLabel);
  return { ctx, nsRow, kind };
}

async function ensureNamespace(kube: KubeClient): Promise<void> {
  // Without kube-node no controller creates the default service account that pod admission wants.
  await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: default, namespace: ${ns} }\nautomountServiceAccountToken: false\n`));
}

const names = (rows: ClusterNode[]) => rows.filter((r): r is ResourceNode => r.type === 'resource').map((r) => r.object.metadata.name);

test('(integration) clusters tree: a created pod appears under Pods and a deleted one goes; collapse and hide stop the watches', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = KubeClient.load({ namespace: ns });
  const model = new ClustersModel(hostFor(kube), { debounceMs: 20 });
  try {
    await ensureNamespace(kube);
    const { ctx, nsRow, kind } = await openKind(model, 'Workloads', 'Pods');
    assert.deepEqual((await model.children(ctx)).filter((n) => n.type === 'namespace').map(labelOf).slice(0, 1), ['All namespaces']);
    assert.deepEqual((await model.children(nsRow)).map(labelOf), ['Workloads', 'Network', 'Config', 'Storage', 'Custom Resources', 'Events']);
    assert.deepEqual((await model.children(kind)).map(labelOf), ['None']);
    const changes: string[][] = [];
    model.onDidChange((nodes) => changes.push((nodes ?? []).map((n) => n.id)));
    // Bound to a node that does not exist: no kubelet runs it, the object is all we need.
    const t0 = Date.now();
    await applyManifests(kube, parseManifests(manifestText(pod({ name: 'p1', namespace: ns }, { nodeName: 'nowhere', automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] }))));
    await until('p1 in the Pods rows', async () => changes.some((c) => c.includes(kind.id)) && names(await model.children(kind)).includes('p1'));
    console.log(`# bench: pod created → row in the model after ${Date.now() - t0} ms`);
    await deleteResource(kube, 'Pod', 'p1', ns, { gracePeriodSeconds: 0 });
    await until('p1 gone from the Pods rows', async () => !names(await model.children(kind)).includes('p1'));
    const podWatch = `${kube.context}|pods.|${ns}`;
    assert.ok(model.activeWatches().includes(podWatch), model.activeWatches().join(', '));
    model.release(nsRow);
    assert.ok(!model.activeWatches().includes(podWatch), 'collapsing the namespace stops its pod watch');
    assert.ok(model.activeWatches().includes(`${kube.context}|namespaces.|*`), 'the context row stays expanded');
    model.releaseAll();
    assert.deepEqual(model.activeWatches(), [], 'a hidden view watches nothing');
  } finally {
    model.dispose();
    await deleteResource(kube, 'Namespace', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) clusters tree: Custom Resources lists the kinds CRDs serve and watches their collection', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const cr = `${ns}-cr`;
  const kube = KubeClient.load({ namespace: cr });
  try {
    await applyManifests(kube, parseManifests(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.clusters-e2e.example.com }
spec:
  group: clusters-e2e.example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } } }]
---
apiVersion: v1
kind: Namespace
metadata: { name: ${cr} }
`));
    await until('the Widget kind served', async () => kube.requestRaw('GET', '/apis/clusters-e2e.example.com/v1').then((r) => r.status === 200));
    // No Widget object is created: the test apiserver (1.20 built with Go 1.19) segfaults in quota
    // admission on the first create of a custom resource.
    const model = new ClustersModel(hostFor(kube, cr), { debounceMs: 20 });
    try {
      const { kind } = await openKind(model, 'Custom Resources', 'Widgets', cr);
      assert.deepEqual((await model.children(kind)).map(labelOf), ['None'], 'the Widgets collection lists (and watches) fine');
      assert.ok(model.activeWatches().includes(`${kube.context}|widgets.clusters-e2e.example.com|${cr}`), model.activeWatches().join(', '));
    } finally {
      model.dispose();
    }
  } finally {
    await deleteResource(kube, 'Namespace', cr).catch(() => undefined);
    await deleteResource(kube, 'CustomResourceDefinition', 'widgets.clusters-e2e.example.com').catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) clusters tree: the first list arrives page by page (limit/continue) before the sync', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = KubeClient.load({ namespace: `${ns}-pg` });
  try {
    const docs = [`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns}-pg }`, ...[1, 2, 3, 4, 5].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm${i}, namespace: ${ns}-pg }\ndata: { i: '${i}' }`)];
    await applyManifests(kube, parseManifests(docs.join('\n---\n')));
    const cache = new ResourceCache(kube, 'configmaps', { namespace: `${ns}-pg`, pageSize: 2, labelSelector: undefined });
    const seen: string[] = [];
    let sizeAtFirstPage = -1;
    const sub = cache.onDidChange((e) => {
      if (e.type === 'page' && sizeAtFirstPage < 0) sizeAtFirstPage = cache.items().length;
      seen.push(e.type === 'page' || e.type === 'sync' ? `${e.type}:${e.objects.length}` : e.type);
    });
    await cache.ready();
    sub.dispose();
    cache.dispose();
    const cms = seen.filter((s) => s.startsWith('sync'))[0];
    assert.deepEqual(seen.slice(0, 2), ['page:2', 'page:2'], seen.join(' '));
    assert.ok(cms && Number(cms.split(':')[1]) >= 5, seen.join(' '));
    assert.equal(sizeAtFirstPage, 2, 'rows of the first page are readable before the list completes');
  } finally {
    await deleteResource(kube, 'Namespace', `${ns}-pg`).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) clusters tree: a user who may not list namespaces sees the kubeconfig namespace and only the actions RBAC allows', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const admin = KubeClient.load({ namespace: `${ns}-rb` });
  const rb = `${ns}-rb`;
  try {
    await applyManifests(admin, parseManifests(`
apiVersion: v1
kind: Namespace
metadata: { name: ${rb} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: viewer, namespace: ${rb} }
rules:
- { apiGroups: [''], resources: [pods, pods/log], verbs: [get, list, watch] }
- { apiGroups: [apps], resources: [deployments], verbs: [get, list, watch] }
- { apiGroups: [''], resources: [configmaps], verbs: [get, list, watch, patch, delete] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: viewer, namespace: ${rb} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: viewer }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: clu-viewer }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: ${rb} }
automountServiceAccountToken: false
---
${manifestText(pod({ name: 'p1', namespace: rb }, { nodeName: 'nowhere', automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] }))}`));
    // The admin impersonates a plain user: the apiserver authorizes every call as clu-viewer.
    const raw = structuredClone(admin.config.raw);
    const adminCtx = raw.contexts.find((c) => c.name === admin.context)!.context as { cluster: string; user: string };
    const adminUser = raw.users.find((u) => u.name === adminCtx.user)!;
    raw.users.push({ name: 'viewer', user: { ...(adminUser.user as object), as: 'clu-viewer' } });
    raw.contexts.push({ name: 'viewer', context: { cluster: adminCtx.cluster, user: 'viewer', namespace: rb } });
    const viewer = new KubeClient(fromRaw(raw, admin.config.files, { context: 'viewer' }));
    const model = new ClustersModel({ contexts: () => listContexts(viewer.config), selection: () => ({ context: 'viewer', namespace: rb }), client: () => viewer }, { debounceMs: 20 });
    try {
      const ctx = await pick(model, undefined, (n) => n.type === 'context' && n.context === 'viewer');
      const rows = await model.children(ctx);
      assert.deepEqual(rows.map((r) => [r.type, labelOf(r), r.type === 'namespace' && r.fromKubeconfig]), [['namespace', rb, true]]);
      const { kind } = await openKind(model, 'Workloads', 'Pods', rb);
      const pod = (await pick(model, kind, (n) => n.type === 'resource' && n.object.metadata.name === 'p1')) as ResourceNode;
      assert.deepEqual(pod.allowed, ['describe', 'yaml', 'copyName', 'logs']);
      assert.deepEqual(await model.allowedActions('viewer', (await model.kindOf('viewer', 'Deployment')), rb), ['describe', 'yaml', 'copyName']);
      assert.deepEqual(await model.allowedActions('viewer', (await model.kindOf('viewer', 'ConfigMap')), rb), ['describe', 'yaml', 'copyName', 'edit', 'delete']);
      assert.equal((await model.accessReviews('viewer').can({ verb: 'list', kind: { group: '', plural: 'namespaces' } })).allowed, false);
    } finally {
      model.dispose();
      viewer.dispose();
    }
  } finally {
    await deleteResource(admin, 'Namespace', rb).catch(() => undefined);
    admin.dispose();
  }
});

test('(integration) clusters tree: server-side apply of an edited object reports the other manager\'s fields, and applies after forcing', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const sa = `${ns}-sa`;
  const kube = KubeClient.load({ namespace: sa });
  try {
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${sa} }\n`));
    // Another tool owns data.a.
    await kube.request('PATCH', `/api/v1/namespaces/${sa}/configmaps/settings`, {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: sa }, data: { a: '1' } }),
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'other-tool' },
    });
    const live = await getResource(kube, 'ConfigMap', 'settings', sa);
    const edited = toApplyObject({ ...live, apiVersion: 'v1', kind: 'ConfigMap', data: { a: '2' } });
    const docs = [{ object: edited, source: 'edit', line: 1 }];
    const conflict = await applyManifests(kube, docs, { dryRun: true }).then(() => undefined, (e: unknown) => e);
    assert.ok(conflict instanceof ToolError && conflict.code === 'conflict', String(conflict));
    assert.deepEqual(parseFieldConflicts((conflict as Error).message), [{ manager: 'other-tool', field: '.data.a' }]);
    const dry = await applyManifests(kube, docs, { dryRun: true, force: true });
    assert.equal((dry[0]!.object!.data as Record<string, string>).a, '2', 'the dry run shows the result');
    assert.equal(((await getResource(kube, 'ConfigMap', 'settings', sa)).data as Record<string, string>).a, '1', 'a dry run changes nothing');
    await applyManifests(kube, docs, { force: true });
    const after = await getResource(kube, 'ConfigMap', 'settings', sa);
    assert.equal((after.data as Record<string, string>).a, '2');
    assert.ok((after.metadata.managedFields as Array<{ manager: string }>).some((m) => m.manager === 'ansflow'));
  } finally {
    await deleteResource(kube, 'Namespace', sa).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) clusters tree on a kubelet: scale, rollout restart, undo and pod delete show in the rows; logs, exec and port-forward reach the pod', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const wl = `${ns}-wl`;
  const kube = KubeClient.load({ namespace: wl });
  const model = new ClustersModel(hostFor(kube, wl), { debounceMs: 20 });
  try {
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${wl} }\n`));
    await until('the default service account', async () => getResource(kube, 'ServiceAccount', 'default', wl).then(() => true, () => false));
    await applyManifests(
      kube,
      parseManifests(
        manifestText(
          deployment(
            { name: 'web', namespace: wl },
            {
              replicas: 1,
              terminationGracePeriodSeconds: 1,
              containers: [{ name: 'main', imagePullPolicy: 'Never', command: ['sh', '-c', 'echo up; mkdir -p /www; echo hi-from-pod > /www/index.html; exec httpd -f -p 8080 -h /www'], ports: [8080] }],
            },
          ),
        ),
      ),
    );
    const { kind } = await openKind(model, 'Workloads', 'Deployments', wl);
    const webRow = async () => (await pick(model, kind, (n) => n.type === 'resource' && n.object.metadata.name === 'web')) as ResourceNode;
    const readyPods = async (n: number) => {
      const row = await webRow();
      const pods = (await model.children(row)).filter((p): p is ResourceNode => p.type === 'resource' && present(p).description.startsWith('Running · 1/1'));
      return pods.length === n && present(row).description.startsWith(`${n}/${n} ready`) ? pods : undefined;
    };
    const [first] = await until('one ready pod under the Deployment row', () => readyPods(1));

    await scaleResource(kube, 'Deployment', 'web', 2, wl);
    const two = await until('two ready pods after scale', () => readyPods(2));

    await rolloutRestart(kube, 'Deployment', 'web', wl);
    await until('pods replaced after rollout restart', async () => {
      const now = await readyPods(2);
      return now && now.every((p) => !two.some((o) => o.object.metadata.uid === p.object.metadata.uid)) ? now : undefined;
    });
    const rev = await rolloutUndo(kube, 'web', wl);
    assert.equal(rev, 1, 'undo goes back to the first revision');
    await until('the restart annotation gone after undo', async () => {
      const row = await webRow();
      const ann = ((row.object.spec as { template: KubeObject }).template.metadata.annotations ?? {}) as Record<string, string>;
      return !ann['kubectl.kubernetes.io/restartedAt'] && (await readyPods(2));
    });

    const pods = (await readyPods(2))!;
    const victim = pods[0]!;
    await deleteResource(kube, 'Pod', victim.object.metadata.name, wl, { gracePeriodSeconds: 0 });
    await until('the deleted pod replaced in the rows', async () => {
      const now = await readyPods(2);
      return now && !now.some((p) => p.object.metadata.uid === victim.object.metadata.uid);
    });

    const pod = (await readyPods(2))![0]!;
    const container = (await model.children(pod)).find((c) => c.type === 'container');
    assert.ok(container && container.type === 'container' && container.name === 'main' && container.allowed.includes('exec'));
    const lines: string[] = [];
    for await (const l of streamPodLogs(kube, wl, pod.object.metadata.name, { container: container.name })) lines.push(l);
    assert.ok(lines.includes('up'), lines.join('\n'));
    const ex = await execInPod(kube, wl, pod.object.metadata.name, ['sh', '-c', 'cat /www/index.html; exit 4'], { container: container.name });
    assert.equal(ex.exitCode, 4);
    assert.equal(ex.stdout, 'hi-from-pod\n');
    const fwd = await forwardPort(kube, wl, pod.object.metadata.name, 8080);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        http.get(`http://127.0.0.1:${fwd.localPort}/index.html`, (res) => {
          let b = '';
          res.on('data', (c: Buffer) => (b += c.toString()));
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
      assert.equal(body, 'hi-from-pod\n');
    } finally {
      fwd.dispose();
    }
    void first;
  } finally {
    model.dispose();
    await deleteResource(kube, 'Namespace', wl).catch(() => undefined);
    kube.dispose();
  }
});
