// Rows of the Resources panel (nodes, pods, containers) from either metrics source, and the sorting and
// top-N the panel shows: computed here so the page only draws.
import type { ContainerMetrics } from './dockerMetrics.js';
import type { KubeMetrics } from './kubeMetrics.js';

export type ResourceRowKind = 'node' | 'pod' | 'container';

/** One row: a node, a pod or a container (of a pod, or a Docker container). */
export interface ResourceRow {
  /** Stable across readings: `node:<name>`, `pod:<ns>/<name>`, `container:<ns>/<pod>/<name>`, `docker:<id>`. */
  key: string;
  kind: ResourceRowKind;
  name: string;
  namespace?: string;
  /** The pod of a pod's container. */
  pod?: string;
  cpuMillicores: number;
  memoryBytes: number;
}

export type SortBy = 'name' | 'cpu' | 'memory';
export type SortDir = 'asc' | 'desc';

/** Which pods a reading keeps: every pod, or those named `<namespace>/<name>`. */
export type PodFilter = ReadonlySet<string> | undefined;

/** Rows of a Kubernetes reading: the nodes named (all when undefined), the pods the filter keeps and their containers. */
export function kubeRows(m: KubeMetrics, o: { nodes?: readonly string[]; pods?: PodFilter } = {}): ResourceRow[] {
  const rows: ResourceRow[] = [];
  for (const n of m.nodes) if (!o.nodes || o.nodes.includes(n.name)) rows.push({ key: `node:${n.name}`, kind: 'node', name: n.name, cpuMillicores: n.cpuMillicores, memoryBytes: n.memoryBytes });
  for (const p of m.pods) {
    if (o.pods && !o.pods.has(`${p.namespace}/${p.name}`)) continue;
    rows.push({ key: `pod:${p.namespace}/${p.name}`, kind: 'pod', name: p.name, namespace: p.namespace, cpuMillicores: p.cpuMillicores, memoryBytes: p.memoryBytes });
    for (const c of p.containers) {
      rows.push({ key: `container:${p.namespace}/${p.name}/${c.name}`, kind: 'container', name: c.name, namespace: p.namespace, pod: p.name, cpuMillicores: c.cpuMillicores, memoryBytes: c.memoryBytes });
    }
  }
  return rows;
}

/**
 * Rows of Docker containers. The Engine gives CPU as a percentage of one CPU (100 % = one core busy), so
 * it becomes millicores (×10) to share the Kubernetes scale; readings that failed are left out.
 */
export function dockerRows(samples: readonly ContainerMetrics[], names: ReadonlyMap<string, string>): ResourceRow[] {
  return samples.flatMap((s) => ('sample' in s ? [{ key: `docker:${s.id}`, kind: 'container' as const, name: names.get(s.id) ?? s.id.slice(0, 12), cpuMillicores: s.sample.cpuPercent * 10, memoryBytes: s.sample.memoryBytes }] : []));
}

const rowLabel = (r: ResourceRow) => `${r.namespace ?? ''}/${r.pod ?? ''}/${r.name}`;

/** A sorted copy: by name, CPU or memory; ties (and name sorting) by namespace/pod/name. */
export function sortRows(rows: readonly ResourceRow[], by: SortBy, dir: SortDir): ResourceRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const value = (r: ResourceRow) => (by === 'cpu' ? r.cpuMillicores : r.memoryBytes);
  return [...rows].sort((a, b) => (by === 'name' ? 0 : sign * (value(a) - value(b))) || (by === 'name' ? sign : 1) * rowLabel(a).localeCompare(rowLabel(b)));
}

/** The `n` rows using the most CPU or memory among pods, or among containers when there are no pods (Docker). */
export function topRows(rows: readonly ResourceRow[], by: 'cpu' | 'memory', n: number): ResourceRow[] {
  const kind: ResourceRowKind = rows.some((r) => r.kind === 'pod') ? 'pod' : 'container';
  return sortRows(rows.filter((r) => r.kind === kind), by, 'desc').slice(0, Math.max(0, n));
}
