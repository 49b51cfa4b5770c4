// What a Resources panel shows, independent of the tree it was opened from, and one reading of it:
// a node (its usage and the pods scheduled on it), a namespace, a workload's pods, or Docker containers.
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import { listResources, type KubeClient, type KubeObject } from '../../clients/kubernetes/index.js';
import { workloadPods } from '../../logs/sources/kubePodSources.js';
import { sampleContainerMetrics } from './dockerMetrics.js';
import { readKubeMetrics, type MetricsSource } from './kubeMetrics.js';
import { dockerRows, kubeRows, type ResourceRow } from './resourceRows.js';

export type ResourcesTarget =
  | { kind: 'node'; context: string; node: string }
  | { kind: 'namespace'; context: string; namespace: string }
  | { kind: 'workload'; context: string; namespace: string; workloadKind: string; name: string }
  | { kind: 'containers'; containers: Array<{ id: string; name: string }>; project?: string };

/** The panel's title. */
export function resourcesTitle(t: ResourcesTarget): string {
  switch (t.kind) {
    case 'node':
      return `Node ${t.node}`;
    case 'namespace':
      return `Namespace ${t.namespace}`;
    case 'workload':
      return `${t.workloadKind} ${t.namespace}/${t.name}`;
    case 'containers':
      return t.project ? `Compose project ${t.project}` : t.containers.length === 1 ? `Container ${t.containers[0].name}` : `${t.containers.length} containers`;
  }
}

/** Clients a reading needs, made by the caller (and disposed by it). */
export interface ResourcesClients {
  kube(context: string): KubeClient;
  docker(): Pick<DockerClient, 'stats'>;
}

/** One reading: the rows, where they came from, and why some are missing. */
export interface ResourcesReading {
  /** Epoch milliseconds. */
  time: number;
  source: MetricsSource | 'docker';
  rows: ResourceRow[];
  note?: string;
}

const podKey = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;

/** Reads the target's usage once. Throws what the API throws (the caller shows it and keeps the last rows). */
export async function readResources(target: ResourcesTarget, clients: ResourcesClients, signal?: AbortSignal): Promise<ResourcesReading> {
  if (target.kind === 'containers') {
    const samples = await sampleContainerMetrics(clients.docker(), target.containers.map((c) => c.id), { signal });
    const failed = samples.flatMap((s) => ('error' in s ? [`${target.containers.find((c) => c.id === s.id)?.name ?? s.id}: ${s.error}`] : []));
    return { time: Date.now(), source: 'docker', rows: dockerRows(samples, new Map(target.containers.map((c) => [c.id, c.name]))), ...(failed.length ? { note: `No figures for ${failed.join('; ')}` } : {}) };
  }
  const kube = clients.kube(target.context);
  let namespace: string | undefined;
  let pods: Promise<KubeObject[]>;
  if (target.kind === 'node') {
    pods = listResources(kube, 'Pod', { fieldSelector: `spec.nodeName=${target.node}` }, signal).then((l) => l.items);
  } else if (target.kind === 'namespace') {
    namespace = target.namespace;
    pods = Promise.resolve([]);
  } else {
    namespace = target.namespace;
    pods = workloadPods(kube, target.workloadKind, target.name, target.namespace, signal).then((sel) => listResources(kube, 'Pod', sel, signal)).then((l) => l.items);
  }
  const [m, podList] = await Promise.all([readKubeMetrics(kube, { namespace, signal }), pods]);
  const rows = kubeRows(m, {
    nodes: target.kind === 'node' ? [target.node] : [],
    pods: target.kind === 'namespace' ? undefined : new Set(podList.map(podKey)),
  });
  return { time: Date.parse(m.time) || Date.now(), source: m.source, rows, ...(m.note ? { note: m.note } : {}) };
}
