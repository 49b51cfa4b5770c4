// Why a Job's pod is not running yet, in one line for a step's failure reason: read from the pod's
// container and init-container states, its PodScheduled condition and the Warning events of the pod
// (or of the Job, when no pod was ever created: quota, admission).
import type { KubeObject } from './types.js';

/** A core/v1 Event, reduced to what a reason needs. */
export interface StartEvent {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: string;
  eventTime?: string;
}

/** Waiting reasons that mean the image will not come, however long the kubelet keeps trying. */
export const IMAGE_PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

/** Waiting reasons that only say "not yet": they name no problem. */
const NOT_YET = new Set(['ContainerCreating', 'PodInitializing']);

type ContainerStatus = { name?: string; image?: string; ready?: boolean; state?: { waiting?: { reason?: string; message?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number } } };

/** First line of a message, at most `max` characters: a reason must stay one line. */
export function oneLine(text: string | undefined, max = 240): string {
  const first = (text ?? '').split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return first.length > max ? first.slice(0, max - 1) + '…' : first;
}

function withMessage(head: string, message: string | undefined): string {
  const m = oneLine(message);
  return m ? `${head} (${m})` : head;
}

function newestWarning(events: readonly StartEvent[], kind: string, name: string | undefined): StartEvent | undefined {
  const mine = events.filter((e) => e.type === 'Warning' && e.involvedObject?.kind === kind && (!name || e.involvedObject?.name === name));
  const at = (e: StartEvent) => Date.parse(e.lastTimestamp ?? e.eventTime ?? '') || 0;
  return mine.sort((a, b) => at(b) - at(a))[0];
}

/** One line saying why the pod does not run (or, with no pod, why the Job made none). */
export function podStartProblem(pod: KubeObject | undefined, events: readonly StartEvent[] = [], jobName?: string): string {
  if (!pod) {
    const ev = newestWarning(events, 'Job', jobName);
    return ev ? `no pod was created: ${ev.reason ?? 'Warning'}: ${oneLine(ev.message)}` : 'no pod was created';
  }
  const status = pod.status ?? {};
  const specImage = (name: string | undefined, key: 'containers' | 'initContainers') =>
    ((pod.spec?.[key] as Array<{ name?: string; image?: string }> | undefined) ?? []).find((c) => c.name === name)?.image;
  const look = (list: unknown, key: 'containers' | 'initContainers'): string | undefined => {
    for (const cs of (list as ContainerStatus[] | undefined) ?? []) {
      const w = cs.state?.waiting;
      const what = key === 'initContainers' ? `init container ${cs.name}` : `container ${cs.name}`;
      if (w?.reason && IMAGE_PULL_REASONS.has(w.reason)) return withMessage(`image pull failed for ${specImage(cs.name, key) ?? cs.image ?? '?'}: ${w.reason}`, w.message);
      if (w?.reason && !NOT_YET.has(w.reason)) return withMessage(`${what} cannot start: ${w.reason}`, w.message);
      // An init container that ran and failed keeps the pod in Init until the restart policy gives up.
      const t = cs.state?.terminated;
      if (key === 'initContainers' && t && t.exitCode !== 0) return `${what} failed: ${t.reason ?? 'Error'} (exit ${t.exitCode ?? '?'})`;
      if (key === 'initContainers' && cs.state?.running && !cs.ready) return `${what} is still running`;
    }
    return undefined;
  };
  const fromContainers = look(status.initContainerStatuses, 'initContainers') ?? look(status.containerStatuses, 'containers');
  if (fromContainers) return fromContainers;
  const conds = (status.conditions as Array<{ type?: string; status?: string; reason?: string; message?: string }> | undefined) ?? [];
  const sched = conds.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (sched) return `pod not scheduled: ${oneLine(sched.message) || sched.reason || 'Unschedulable'}`;
  const ev = newestWarning(events, 'Pod', pod.metadata.name);
  if (ev) return `${ev.reason ?? 'Warning'}: ${oneLine(ev.message)}`;
  return `pod still ${String(status.phase ?? 'Pending')}`;
}
