// A cluster's health at a glance, computed from plain lists (nodes, pods, events, workloads) so it
// is the same for a live read and a test: nodes ready, pods not running, restarting containers,
// warning events of the last hour, and per workload its readiness, rollout state and probe failures.
import { listResources, rolloutStatusOf, type KubeClient, type KubeObject } from '../../clients/kubernetes/index.js';
import type { KubeMetrics } from '../metrics/kubeMetrics.js';
import { formatBytes, formatMillicores } from '../metrics/quantities.js';
import { nodeNotReady } from '../alerts/evaluate.js';

/** A link to one object (for "describe"). */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** One workload's health. */
export interface WorkloadHealth {
  ref: ObjectRef;
  /** `ready/desired`. */
  ready: string;
  healthy: boolean;
  rollout: string;
  rolloutDone: boolean;
  /** Readiness/liveness/startup probe failures (events of its pods in the window). */
  probeFailures: number;
  lastProbeFailure?: string;
}

/** The health summary of a cluster (or one namespace of it). */
export interface ClusterHealth {
  nodes: { total: number; ready: number; notReady: Array<{ ref: ObjectRef; reason: string }> };
  podsNotRunning: Array<{ ref: ObjectRef; phase: string; reason: string }>;
  restarting: Array<{ ref: ObjectRef; container: string; restarts: number; reason: string }>;
  warnings: Array<{ ref: ObjectRef; reason: string; message: string; count: number; last: string }>;
  workloads: WorkloadHealth[];
}

/** The lists {@link summarizeClusterHealth} reads. */
export interface HealthInputs {
  nodes: KubeObject[];
  pods: KubeObject[];
  events: KubeObject[];
  /** Deployments, StatefulSets and DaemonSets (with `kind` set). */
  workloads: KubeObject[];
  replicaSets: KubeObject[];
}

type CStatus = { name: string; ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string }>; lastState?: { terminated?: { reason?: string; exitCode?: number } } };

const eventTime = (e: KubeObject) => String(e.lastTimestamp ?? e.eventTime ?? (e as { series?: { lastObservedTime?: string } }).series?.lastObservedTime ?? e.metadata.creationTimestamp ?? '');
const refOf = (o: KubeObject, kind = o.kind ?? ''): ObjectRef => ({ kind, namespace: o.metadata.namespace, name: o.metadata.name });
const PROBE = /^(Readiness|Liveness|Startup) probe (failed|errored)/;

/** Computes the summary; `windowMs` bounds the events counted (default: the last hour). */
export function summarizeClusterHealth(input: HealthInputs, now = new Date(), windowMs = 3_600_000): ClusterHealth {
  const since = now.getTime() - windowMs;
  const recent = input.events.filter((e) => Date.parse(eventTime(e)) >= since);

  const notReady = input.nodes.flatMap((n) => {
    const reason = nodeNotReady(n);
    return reason === undefined ? [] : [{ ref: refOf(n, 'Node'), reason }];
  });

  const podsNotRunning: ClusterHealth['podsNotRunning'] = [];
  const restarting: ClusterHealth['restarting'] = [];
  for (const p of input.pods) {
    const st = (p.status ?? {}) as { phase?: string; reason?: string; containerStatuses?: CStatus[] };
    const phase = st.phase ?? 'Unknown';
    const waiting = (st.containerStatuses ?? []).map((c) => c.state?.waiting?.reason).find(Boolean);
    if (phase !== 'Running' && phase !== 'Succeeded') podsNotRunning.push({ ref: refOf(p, 'Pod'), phase, reason: waiting ?? st.reason ?? '' });
    for (const c of st.containerStatuses ?? []) {
      if ((c.restartCount ?? 0) > 0) {
        const why = c.state?.waiting?.reason ?? c.lastState?.terminated?.reason ?? '';
        const code = c.lastState?.terminated?.exitCode;
        restarting.push({ ref: refOf(p, 'Pod'), container: c.name, restarts: c.restartCount!, reason: `${why}${code !== undefined ? ` (exit ${code})` : ''}` });
      }
    }
  }
  restarting.sort((a, b) => b.restarts - a.restarts);

  const warnings = recent
    .filter((e) => e.type === 'Warning')
    .map((e) => {
      const io = (e.involvedObject ?? e.regarding ?? {}) as { kind?: string; namespace?: string; name?: string };
      return { ref: { kind: io.kind ?? '', namespace: io.namespace ?? e.metadata.namespace, name: io.name ?? '' }, reason: String(e.reason ?? ''), message: String(e.message ?? e.note ?? '').trim(), count: Number(e.count ?? 1), last: eventTime(e) };
    })
    .sort((a, b) => b.last.localeCompare(a.last));

  // Pod → owning workload: a ReplicaSet's owner for Deployments, the owner itself otherwise.
  const rsOwner = new Map(input.replicaSets.map((rs) => [`${rs.metadata.namespace}/${rs.metadata.name}`, rs.metadata.ownerReferences?.find((o) => o.controller)?.name]));
  const ownerOfPod = new Map<string, string>();
  for (const p of input.pods) {
    const o = p.metadata.ownerReferences?.find((x) => x.controller);
    if (!o) continue;
    const key = o.kind === 'ReplicaSet' ? (rsOwner.get(`${p.metadata.namespace}/${o.name}`) ? `Deployment/${p.metadata.namespace}/${rsOwner.get(`${p.metadata.namespace}/${o.name}`)}` : undefined) : `${o.kind}/${p.metadata.namespace}/${o.name}`;
    if (key) ownerOfPod.set(`${p.metadata.namespace}/${p.metadata.name}`, key);
  }
  const probes = new Map<string, { n: number; last: string; message: string }>();
  for (const e of recent) {
    const io = (e.involvedObject ?? {}) as { kind?: string; namespace?: string; name?: string };
    if (e.reason !== 'Unhealthy' || io.kind !== 'Pod' || !PROBE.test(String(e.message ?? ''))) continue;
    const owner = ownerOfPod.get(`${io.namespace}/${io.name}`) ?? `Pod/${io.namespace}/${io.name}`;
    const cur = probes.get(owner) ?? { n: 0, last: '', message: '' };
    cur.n += Number(e.count ?? 1);
    if (eventTime(e) >= cur.last) {
      cur.last = eventTime(e);
      cur.message = String(e.message).trim();
    }
    probes.set(owner, cur);
  }

  const workloads = input.workloads.map((w): WorkloadHealth => {
    const st = (w.status ?? {}) as Record<string, number | undefined>;
    const spec = (w.spec ?? {}) as { replicas?: number };
    const [ready, want] = w.kind === 'DaemonSet' ? [st.numberReady ?? 0, st.desiredNumberScheduled ?? 0] : [st.readyReplicas ?? 0, spec.replicas ?? 1];
    let rollout: string;
    let rolloutDone: boolean;
    try {
      const r = rolloutStatusOf(w);
      rollout = r.failed ?? r.message;
      rolloutDone = r.done;
    } catch (e) {
      rollout = (e as Error).message;
      rolloutDone = true;
    }
    const p = probes.get(`${w.kind}/${w.metadata.namespace}/${w.metadata.name}`);
    return { ref: refOf(w), ready: `${ready}/${want}`, healthy: ready >= want && rolloutDone && !p, rollout, rolloutDone, probeFailures: p?.n ?? 0, lastProbeFailure: p?.message };
  });
  workloads.sort((a, b) => Number(a.healthy) - Number(b.healthy) || `${a.ref.namespace}/${a.ref.name}`.localeCompare(`${b.ref.namespace}/${b.ref.name}`));

  return { nodes: { total: input.nodes.length, ready: input.nodes.length - notReady.length, notReady }, podsNotRunning, restarting, warnings, workloads };
}

/** Reads the lists from the cluster (one namespace, or all when undefined) and summarizes them. */
export async function readClusterHealth(kube: KubeClient, opts: { namespace?: string; now?: Date; signal?: AbortSignal } = {}): Promise<ClusterHealth> {
  const { namespace, signal } = opts;
  const list = (kind: string) => listResources(kube, kind, { namespace }, signal).then((l) => l.items.map((o) => ({ ...o, kind: o.kind ?? kind })));
  const [nodes, pods, events, deployments, statefulSets, daemonSets, replicaSets] = await Promise.all([
    listResources(kube, 'Node', {}, signal).then((l) => l.items),
    list('Pod'),
    list('Event'),
    list('Deployment'),
    list('StatefulSet'),
    list('DaemonSet'),
    list('ReplicaSet'),
  ]);
  return summarizeClusterHealth({ nodes, pods, events, workloads: [...deployments, ...statefulSets, ...daemonSets], replicaSets }, opts.now);
}

/** One line of the summary for a pick list or a document, grouped by section. */
export interface HealthItem {
  section: 'Nodes' | 'Pods not running' | 'Restarting containers' | 'Warning events (last hour)' | 'Workloads' | 'Usage';
  label: string;
  description: string;
  detail?: string;
  ref?: ObjectRef;
  ok: boolean;
}

const where = (r: ObjectRef) => `${r.namespace ? `${r.namespace}/` : ''}${r.kind}/${r.name}`;

/** The summary as items, problems first in each section. */
export function healthItems(h: ClusterHealth): HealthItem[] {
  const items: HealthItem[] = [];
  items.push({ section: 'Nodes', label: `${h.nodes.ready}/${h.nodes.total} nodes ready`, description: h.nodes.notReady.length ? 'not ready: ' + h.nodes.notReady.map((n) => n.ref.name).join(', ') : '', ok: h.nodes.notReady.length === 0 });
  for (const n of h.nodes.notReady) items.push({ section: 'Nodes', label: n.ref.name, description: 'not ready', detail: n.reason, ref: n.ref, ok: false });
  if (!h.podsNotRunning.length) items.push({ section: 'Pods not running', label: 'every pod is running or completed', description: '', ok: true });
  for (const p of h.podsNotRunning) items.push({ section: 'Pods not running', label: where(p.ref), description: `${p.phase}${p.reason ? ` · ${p.reason}` : ''}`, ref: p.ref, ok: false });
  if (!h.restarting.length) items.push({ section: 'Restarting containers', label: 'no container has restarted', description: '', ok: true });
  for (const r of h.restarting) items.push({ section: 'Restarting containers', label: `${where(r.ref)} · ${r.container}`, description: `${r.restarts} restart(s)${r.reason ? ` · ${r.reason}` : ''}`, ref: r.ref, ok: false });
  if (!h.warnings.length) items.push({ section: 'Warning events (last hour)', label: 'no warning events', description: '', ok: true });
  for (const w of h.warnings) items.push({ section: 'Warning events (last hour)', label: `${w.reason} · ${where(w.ref)}`, description: `×${w.count} · ${w.last}`, detail: w.message, ref: w.ref.name ? w.ref : undefined, ok: false });
  if (!h.workloads.length) items.push({ section: 'Workloads', label: 'no Deployments, StatefulSets or DaemonSets', description: '', ok: true });
  for (const w of h.workloads) {
    const bits = [`ready ${w.ready}`, w.rolloutDone ? '' : 'rolling out', w.probeFailures ? `${w.probeFailures} probe failure(s)` : ''].filter(Boolean).join(' · ');
    items.push({ section: 'Workloads', label: where(w.ref), description: bits, detail: [w.rollout, w.lastProbeFailure].filter(Boolean).join(' — '), ref: w.ref, ok: w.healthy });
  }
  return items;
}

/** Usage lines for the same list: each node, then the `top` pods by CPU; the note when figures are missing. */
export function usageItems(m: KubeMetrics, top = 5): HealthItem[] {
  const src = m.source === 'metrics.k8s.io' ? 'metrics.k8s.io' : 'kubelet Summary';
  if (m.source === 'none') return [{ section: 'Usage', label: 'no metrics', description: '', detail: m.note, ok: true }];
  const items: HealthItem[] = m.nodes.map((n) => ({ section: 'Usage', label: `node ${n.name}`, description: `CPU ${formatMillicores(n.cpuMillicores)} · memory ${formatBytes(n.memoryBytes)} (${src})`, ref: { kind: 'Node', name: n.name }, ok: true }));
  for (const p of [...m.pods].sort((a, b) => b.cpuMillicores - a.cpuMillicores).slice(0, top)) {
    items.push({ section: 'Usage', label: `${p.namespace}/Pod/${p.name}`, description: `CPU ${formatMillicores(p.cpuMillicores)} · memory ${formatBytes(p.memoryBytes)}`, ref: { kind: 'Pod', namespace: p.namespace, name: p.name }, ok: true });
  }
  if (m.note) items.push({ section: 'Usage', label: 'partial', description: '', detail: m.note, ok: true });
  return items;
}
