// What each rule decides about one observation. Pure: the engine feeds objects, samples and
// finished runs in; tests feed the same shapes.
import { conclusionOf } from '../../contracts/statusMapping.js';
import { quantile } from '../../runner/store/runStatistics.js';
import type { KubeObject } from '../../clients/kubernetes/types.js';

interface ContainerStatus { name: string; restartCount?: number }
interface PodLike extends KubeObject { status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] } }

const podKey = (p: KubeObject) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`;

/**
 * Counts container restarts of each pod over a sliding window. Restarts are stamped when a higher
 * `restartCount` is seen; on first sight a pod created inside the window counts all its restarts
 * (they happened inside it), an older one only sets the baseline.
 */
export class RestartCounter {
  private readonly last = new Map<string, number>();
  private readonly stamps = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Restarts of `pod` inside the window ending at `now`. */
  observe(pod: KubeObject, now: number): number {
    const k = podKey(pod);
    const s = (pod as PodLike).status ?? {};
    const total = [...(s.containerStatuses ?? []), ...(s.initContainerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);
    const before = this.last.get(k);
    this.last.set(k, total);
    const created = Date.parse(pod.metadata.creationTimestamp ?? '');
    const fresh = before === undefined ? (Number.isFinite(created) && now - created <= this.windowMs ? total : 0) : Math.max(0, total - before);
    const kept = (this.stamps.get(k) ?? []).filter((t) => now - t < this.windowMs);
    for (let i = 0; i < fresh; i++) kept.push(now);
    if (kept.length) this.stamps.set(k, kept);
    else this.stamps.delete(k);
    return kept.length;
  }

  /** Forgets a deleted pod (the counter stays bounded by the pods that exist). */
  forget(pod: KubeObject): void {
    this.last.delete(podKey(pod));
    this.stamps.delete(podKey(pod));
  }
}

/** The used share (percent) of the limit when it reaches `percent`; undefined below it or without a limit. */
export function memoryOverLimit(sample: { memoryBytes: number; memoryLimitBytes: number }, percent: number): number | undefined {
  if (!(sample.memoryLimitBytes > 0)) return undefined;
  const used = (sample.memoryBytes / sample.memoryLimitBytes) * 100;
  return used >= percent ? used : undefined;
}

/** Why a node is not ready (its Ready condition's reason), or undefined when it is. */
export function nodeNotReady(node: KubeObject): string | undefined {
  const conds = (node as { status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> } }).status?.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  return ready ? `${ready.reason ?? 'NotReady'}${ready.message ? `: ${ready.message}` : ''}` : 'no Ready condition reported';
}

/** True when a finished run concluded `failure` (timed-out counts; cancelled does not). */
export function runFailed(status: string): boolean {
  return conclusionOf(status) === 'failure';
}

/** The p95 of earlier durations when `durationMs` exceeds it and there are at least `minRuns` of them. */
export function slowerThanP95(durationMs: number, earlierMs: readonly number[], minRuns: number): number | undefined {
  if (earlierMs.length < minRuns) return undefined;
  const p95 = quantile([...earlierMs].sort((a, b) => a - b), 0.95);
  return durationMs > p95 ? p95 : undefined;
}

/** True for a Helm release status that the rule reports. */
export function helmReleaseFailed(status: string): boolean {
  return status === 'failed';
}
