// Clusters tree on a big cluster (run under test/infra/with-engines.sh with "kube"): 10,000 pods in
// 100 namespaces, bound to a node that does not exist so no kubelet runs them. Measures, in one run:
// expanding "All namespaces > Workloads > Pods" to the first rows and to all rows (rows presented as
// the view would), the process memory after, a pod created afterwards reaching the rows, and
// `kubectl get pods -A -o json` (plain kubectl from the helm tarball cache) on the same apiserver.
// Usage: bash test/infra/with-engines.sh node --import tsx bench/clusters.bench.ts [--namespaces N] [--per N] [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { KubeClient, applyManifests, listResources, parseManifests } from '../src/core/clients/kubernetes/index.js';
import { ClustersModel } from '../src/core/views/clusters/ClustersModel.js';
import { listContexts } from '../src/core/views/clusters/contexts.js';
import type { ClusterNode } from '../src/core/views/clusters/nodes.js';
import { present } from '../src/core/views/clusters/present.js';
import { pod } from '../test/helpers/kubePods.mjs';
import { median, numberArg } from './benchSupport.js';

const NAMESPACES = numberArg('namespaces', 100);
const PER = numberArg('per', 100);
const RUNS = numberArg('runs', 3);
const TOTAL = NAMESPACES * PER;
const nsName = (i: number) => `bench-clu-${String(i).padStart(3, '0')}`;
const KUBECTL = [process.env.ANSFLOW_TEST_KUBECTL].find((k): k is string => !!k && existsSync(k));

async function fixture(kube: KubeClient): Promise<void> {
  const have = (await listResources(kube, 'pods', { labelSelector: 'bench=clusters', limit: 5000 })).items.length;
  if (have >= TOTAL) return;
  const t0 = performance.now();
  // No controller-manager runs (engine "kube"): each namespace gets the default service account pod admission wants.
  await applyManifests(kube, parseManifests(Array.from({ length: NAMESPACES }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${nsName(i)} }\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: default, namespace: ${nsName(i)} }\nautomountServiceAccountToken: false`).join('\n---\n')));
  const jobs: Array<[number, number]> = [];
  for (let n = 0; n < NAMESPACES; n++) for (let p = 0; p < PER; p++) jobs.push([n, p]);
  const worker = async () => {
    for (let j = jobs.pop(); j; j = jobs.pop()) {
      const [n, p] = j;
      const res = await kube.requestRaw('POST', `/api/v1/namespaces/${nsName(n)}/pods`, {
        body: pod({ name: `p-${p}`, labels: { bench: 'clusters', app: `a-${p % 10}` } }, { nodeName: 'bench-no-such-node', automountServiceAccountToken: false, containers: [{ name: 'c', command: ['sleep', '3600'] }] }),
      });
      if (res.status >= 300 && res.status !== 409) throw new Error(`create pod: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  console.log(`fixture: ${TOTAL} pods in ${NAMESPACES} namespaces in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** One cold expansion: a fresh model, root > context > All namespaces > Workloads > Pods. */
async function expandOnce(kube: KubeClient): Promise<{ first: number; firstCount: number; all: number; created?: number }> {
  const model = new ClustersModel({ contexts: () => listContexts(kube.config), selection: () => ({ context: kube.context, namespace: 'default' }), client: () => kube }, { debounceMs: 50 });
  try {
    const find = async (parent: ClusterNode | undefined, pred: (n: ClusterNode) => boolean) => (await model.children(parent)).find(pred)!;
    const ctx = await find(undefined, (n) => n.type === 'context');
    const all = await find(ctx, (n) => n.type === 'namespace' && n.namespace === undefined);
    const workloads = await find(all, (n) => n.type === 'group' && n.group === 'workloads');
    const pods = await find(workloads, (n) => n.type === 'kind' && n.kind.kind === 'Pod');
    let changed: () => void = () => {};
    model.onDidChange(() => changed());
    const t0 = performance.now();
    let rows = await model.children(pods);
    rows.forEach((r) => present(r));
    const first = performance.now() - t0;
    const firstCount = rows.filter((r) => r.type === 'resource').length;
    while (rows.some((r) => r.type === 'message' && r.severity === 'loading')) {
      await new Promise<void>((r) => (changed = r));
      rows = await model.children(pods);
    }
    rows.forEach((r) => present(r));
    const allMs = performance.now() - t0;
    const count = rows.filter((r) => r.type === 'resource').length;
    if (count < TOTAL) throw new Error(`only ${count} rows`);
    return { first, firstCount, all: allMs };
  } finally {
    model.dispose();
  }
}

async function createdLatency(kube: KubeClient): Promise<number> {
  const model = new ClustersModel({ contexts: () => listContexts(kube.config), selection: () => ({ context: kube.context, namespace: 'default' }), client: () => kube }, { debounceMs: 50 });
  try {
    const find = async (parent: ClusterNode | undefined, pred: (n: ClusterNode) => boolean) => (await model.children(parent)).find(pred)!;
    const ctx = await find(undefined, (n) => n.type === 'context');
    const all = await find(ctx, (n) => n.type === 'namespace' && n.namespace === undefined);
    const workloads = await find(all, (n) => n.type === 'group' && n.group === 'workloads');
    const pods = await find(workloads, (n) => n.type === 'kind' && n.kind.kind === 'Pod');
    let rows = await model.children(pods);
    let changed: () => void = () => {};
    model.onDidChange(() => changed());
    while (rows.some((r) => r.type === 'message' && r.severity === 'loading')) {
      await new Promise<void>((r) => (changed = r));
      rows = await model.children(pods);
    }
    const name = `late-${Date.now()}`;
    const t0 = performance.now();
    await kube.request('POST', `/api/v1/namespaces/${nsName(0)}/pods`, { body: pod({ name }, { nodeName: 'bench-no-such-node', automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] }) });
    while (!rows.some((r) => r.type === 'resource' && r.object.metadata.name === name)) {
      await new Promise<void>((r) => (changed = r));
      rows = await model.children(pods);
    }
    const ms = performance.now() - t0;
    await kube.request('DELETE', `/api/v1/namespaces/${nsName(0)}/pods/${name}`, { body: { gracePeriodSeconds: 0 } });
    return ms;
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const kube = KubeClient.load();
  await fixture(kube);
  const ours: Array<{ first: number; firstCount: number; all: number }> = [];
  const theirs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    ours.push(await expandOnce(kube));
    if (KUBECTL) {
      const t0 = performance.now();
      const k = spawnSync(KUBECTL, ['get', 'pods', '-A', '-o', 'json'], { maxBuffer: 1 << 30, encoding: 'utf8' });
      theirs.push(performance.now() - t0);
      if (k.status !== 0) throw new Error(`kubectl: ${k.stderr}`);
    }
  }
  const mem = process.memoryUsage();
  const late = await createdLatency(kube);
  const f = (ms: number) => `${Math.round(ms)} ms`;
  console.log(`clusters tree, ${TOTAL} pods / ${NAMESPACES} namespaces, ${RUNS} cold expansions of All namespaces > Pods:`);
  console.log(`  first rows: median ${f(median(ours.map((o) => o.first)))} (${ours[0]!.firstCount} rows in the first page)  [goal < 1 s]`);
  console.log(`  all rows:   median ${f(median(ours.map((o) => o.all)))}  runs: ${ours.map((o) => f(o.all)).join(', ')}`);
  if (theirs.length) {
    const ratio = median(ours.map((o) => o.all)) / median(theirs);
    console.log(`  kubectl get pods -A -o json: median ${f(median(theirs))}  runs: ${theirs.map(f).join(', ')}`);
    console.log(`  ratio all rows / kubectl: ${ratio.toFixed(2)}×  [goal ≤ 0.5×]`);
  } else console.log('  kubectl baseline skipped: ANSFLOW_TEST_KUBECTL not set');
  console.log(`  memory after: rss ${Math.round(mem.rss / 1048576)} MiB, heap used ${Math.round(mem.heapUsed / 1048576)} MiB`);
  console.log(`  a pod created afterwards reached the rows in ${f(late)}  [goal < 1 s]`);
  kube.dispose();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
