// Pod, container and node CPU/memory for a cluster. metrics.k8s.io (metrics-server) first; when it is
// not served, the kubelet Summary API of each node through the apiserver's node proxy
// (/api/v1/nodes/<node>/proxy/stats/summary, the source metrics-server itself reads); when neither
// answers, a note that says why. Shapes follow k8s.io/metrics/pkg/apis/metrics/v1beta1 and
// k8s.io/kubelet/pkg/apis/stats/v1alpha1.
import { KubeApiError, listResources, type KubeClient, type KubeObject } from '../../clients/kubernetes/index.js';
import { ToolError } from '../../contracts/result.js';
import { cpuMillicores, memoryBytes } from './quantities.js';

/** Usage of one container. */
export interface ContainerUsage {
  name: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** Usage of one pod (the sum of its containers). */
export interface PodUsage {
  namespace: string;
  name: string;
  cpuMillicores: number;
  memoryBytes: number;
  containers: ContainerUsage[];
}

/** Usage of one node. */
export interface NodeUsage {
  name: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** Where the figures came from; `none` comes with a note. */
export type MetricsSource = 'metrics.k8s.io' | 'kubelet-summary' | 'none';

/** One reading of a cluster's usage. */
export interface KubeMetrics {
  source: MetricsSource;
  /** ISO time of the reading. */
  time: string;
  nodes: NodeUsage[];
  pods: PodUsage[];
  /** Why figures are missing or partial (a node whose Summary did not answer, neither API served). */
  note?: string;
}

/** metrics.k8s.io/v1beta1 PodMetrics, the fields read here. */
export interface PodMetricsObject {
  metadata: { name: string; namespace?: string };
  timestamp?: string;
  containers: Array<{ name: string; usage: { cpu?: string; memory?: string } }>;
}

/** metrics.k8s.io/v1beta1 NodeMetrics, the fields read here. */
export interface NodeMetricsObject {
  metadata: { name: string };
  timestamp?: string;
  usage: { cpu?: string; memory?: string };
}

/** Kubelet stats/summary, the fields read here. */
export interface KubeletSummary {
  node: { nodeName: string; cpu?: { usageNanoCores?: number }; memory?: { workingSetBytes?: number } };
  pods?: Array<{
    podRef: { name: string; namespace: string };
    containers?: Array<{ name: string; cpu?: { usageNanoCores?: number }; memory?: { workingSetBytes?: number } }>;
  }>;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Usage from metrics.k8s.io lists. */
export function fromMetricsApi(pods: PodMetricsObject[], nodes: NodeMetricsObject[], time = new Date().toISOString()): KubeMetrics {
  return {
    source: 'metrics.k8s.io',
    time,
    nodes: nodes.map((n) => ({ name: n.metadata.name, cpuMillicores: cpuMillicores(n.usage.cpu), memoryBytes: memoryBytes(n.usage.memory) })),
    pods: pods.map((p) => {
      const containers = p.containers.map((c) => ({ name: c.name, cpuMillicores: cpuMillicores(c.usage.cpu), memoryBytes: memoryBytes(c.usage.memory) }));
      return { namespace: p.metadata.namespace ?? '', name: p.metadata.name, cpuMillicores: sum(containers.map((c) => c.cpuMillicores)), memoryBytes: sum(containers.map((c) => c.memoryBytes)), containers };
    }),
  };
}

/** Usage from kubelet Summary documents (one per node); memory is the working set, as kubectl top shows. */
export function fromKubeletSummaries(summaries: KubeletSummary[], namespace?: string, time = new Date().toISOString()): KubeMetrics {
  const nano = (v?: number) => (v ?? 0) / 1e6;
  return {
    source: 'kubelet-summary',
    time,
    nodes: summaries.map((s) => ({ name: s.node.nodeName, cpuMillicores: nano(s.node.cpu?.usageNanoCores), memoryBytes: s.node.memory?.workingSetBytes ?? 0 })),
    pods: summaries.flatMap((s) =>
      (s.pods ?? [])
        .filter((p) => namespace === undefined || p.podRef.namespace === namespace)
        .map((p) => {
          const containers = (p.containers ?? []).map((c) => ({ name: c.name, cpuMillicores: nano(c.cpu?.usageNanoCores), memoryBytes: c.memory?.workingSetBytes ?? 0 }));
          return { namespace: p.podRef.namespace, name: p.podRef.name, cpuMillicores: sum(containers.map((c) => c.cpuMillicores)), memoryBytes: sum(containers.map((c) => c.memoryBytes)), containers };
        }),
    ),
  };
}

/** True for answers meaning "this API is not served here" (no metrics-server registered, or its service down). */
function notServed(e: unknown): boolean {
  return e instanceof KubeApiError ? e.status === 404 || e.status === 503 || e.status === 403 : e instanceof ToolError && e.code === 'not-found';
}

/** Options for {@link readKubeMetrics}. */
export interface ReadKubeMetricsOptions {
  /** Only pods of this namespace; all namespaces when undefined. */
  namespace?: string;
  signal?: AbortSignal;
}

/**
 * Reads the cluster's usage: metrics.k8s.io when served, else every node's kubelet Summary through
 * the node proxy, else `source: 'none'` with a note naming both failures.
 */
export async function readKubeMetrics(kube: KubeClient, opts: ReadKubeMetricsOptions = {}): Promise<KubeMetrics> {
  const { namespace, signal } = opts;
  let metricsError: unknown;
  try {
    const podsPath = namespace ? `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods` : '/apis/metrics.k8s.io/v1beta1/pods';
    const [pods, nodes] = await Promise.all([
      kube.request<{ items: PodMetricsObject[] }>('GET', podsPath, { signal }),
      kube.request<{ items: NodeMetricsObject[] }>('GET', '/apis/metrics.k8s.io/v1beta1/nodes', { signal }),
    ]);
    return fromMetricsApi(pods.items ?? [], nodes.items ?? []);
  } catch (e) {
    if (!notServed(e)) throw e;
    metricsError = e;
  }
  const nodes = await listResources<KubeObject>(kube, 'Node', {}, signal);
  const summaries: KubeletSummary[] = [];
  const failures: string[] = [];
  await Promise.all(
    nodes.items.map(async (n) => {
      try {
        summaries.push(await kube.request<KubeletSummary>('GET', `/api/v1/nodes/${encodeURIComponent(n.metadata.name)}/proxy/stats/summary`, { signal, timeoutMs: 10_000 }));
      } catch (e) {
        failures.push(`${n.metadata.name}: ${(e as Error).message}`);
      }
    }),
  );
  summaries.sort((a, b) => a.node.nodeName.localeCompare(b.node.nodeName));
  if (summaries.length === 0) {
    const why = nodes.items.length === 0 ? 'the cluster has no nodes' : `no kubelet Summary answered (${failures.join('; ')})`;
    return {
      source: 'none',
      time: new Date().toISOString(),
      nodes: [],
      pods: [],
      note: `No metrics: metrics.k8s.io is not served (${(metricsError as Error).message}) and ${why}. Install metrics-server, or let the apiserver reach the kubelets' stats/summary.`,
    };
  }
  const out = fromKubeletSummaries(summaries, namespace);
  if (failures.length) out.note = `Partial: no kubelet Summary from ${failures.join('; ')}`;
  return out;
}
