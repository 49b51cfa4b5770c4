// The runner's side of a step's services in its pod: wait until every sidecar is ready (its readiness
// probe passed, or it runs when it has no healthcheck) before the step's script starts; keep each
// sidecar's log before the pod goes; and remove the service pods a killed runner left (they would wait
// forever for a runner that is gone).
import type { ServiceSpec } from '../../pipeline/model.js';
import { CancellationError, ToolError } from '../../contracts/result.js';
import type { KubeClient } from '../../clients/kubernetes/KubeClient.js';
import { deleteResource, getResource, listResources } from '../../clients/kubernetes/resourceApi.js';
import { collectionPath, findKind } from '../../clients/kubernetes/resourceKinds.js';
import { streamPodLogs } from '../../clients/kubernetes/podStreams.js';
import { execBytes } from '../../clients/kubernetes/podExec.js';
import { IMAGE_PULL_REASONS, oneLine, type StartEvent } from '../../clients/kubernetes/podStartProblem.js';
import type { KubeObject } from '../../clients/kubernetes/types.js';
import { abortableSleep } from '../../util/abortableSleep.js';
import { KUBE_OWNER_LABEL, KUBE_SERVICES_LABEL, kubeOwnerIsGone, sidecarName } from './kubernetesServices.js';

type Status = { name?: string; ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string; message?: string }; running?: unknown; terminated?: { reason?: string; exitCode?: number; message?: string } } };

/** The verdict on the sidecars of one pod read: all ready, some still starting (with their state), or one failed. */
export type PodServicesReadiness = { kind: 'ready' } | { kind: 'starting'; waitingFor: Array<{ service: string; state: string }> } | { kind: 'failed'; service: string; reason: string };

const CANNOT_START = new Set([...IMAGE_PULL_REASONS, 'CreateContainerError', 'CreateContainerConfigError', 'RunContainerError']);

/** Reads the sidecars' readiness from a pod. Pure. */
export function podServicesReadiness(pod: KubeObject, services: readonly ServiceSpec[]): PodServicesReadiness {
  const statuses = ((pod.status?.containerStatuses as Status[] | undefined) ?? []);
  const waitingFor: Array<{ service: string; state: string }> = [];
  for (const [i, s] of services.entries()) {
    const cs = statuses.find((c) => c.name === sidecarName(s.name, i));
    const w = cs?.state?.waiting;
    const t = cs?.state?.terminated;
    if (t) return { kind: 'failed', service: s.name, reason: `exited with code ${t.exitCode ?? '?'}${t.reason ? ` (${t.reason})` : ''}` };
    if (w?.reason && CANNOT_START.has(w.reason)) return { kind: 'failed', service: s.name, reason: `${w.reason}${w.message ? `: ${oneLine(w.message)}` : ''}${IMAGE_PULL_REASONS.has(w.reason) ? ` (image ${s.image})` : ''}` };
    if (cs?.ready) continue;
    waitingFor.push({ service: s.name, state: cs?.state?.running ? 'running, not ready' : w?.reason ?? 'not created yet' });
  }
  return waitingFor.length ? { kind: 'starting', waitingFor } : { kind: 'ready' };
}

/** The newest "probe failed" message the kubelet reported for a sidecar, if any. */
async function lastProbeFailure(kube: KubeClient, ns: string, podName: string, container: string): Promise<string | undefined> {
  const events = await kube
    .request<{ items: Array<StartEvent & { involvedObject?: { fieldPath?: string } }> }>('GET', collectionPath(findKind('Event')!, ns), { query: { fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${podName}` } })
    .then((l) => l.items, () => []);
  const at = (e: StartEvent) => Date.parse(e.lastTimestamp ?? e.eventTime ?? '') || 0;
  const probe = events.filter((e) => e.reason === 'Unhealthy' && (e.involvedObject?.fieldPath ?? '').includes(`{${container}}`)).sort((a, b) => at(b) - at(a))[0];
  return probe?.message ? oneLine(probe.message) : undefined;
}

/** Runs a service's health check once in its container: `exit <code>: <output>`, or undefined when it cannot run within `timeoutMs`. */
async function probeOnce(kube: KubeClient, ns: string, podName: string, container: string, command: string[], timeoutMs: number): Promise<string | undefined> {
  let out = '';
  const add = (b: Buffer) => void (out += b.toString('utf8'));
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    const code = await Promise.race([execBytes(kube, ns, podName, container, command, { onStdout: add, onStderr: add }).catch(() => undefined), gaveUp]);
    return code === undefined ? undefined : `exit ${code}: ${oneLine(out) || '(no output)'}`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once every sidecar of `podName` is ready; throws a ToolError naming the service otherwise:
 * when one exits or cannot start, or when one is not ready within its `startTimeout` (counted from now).
 */
export async function waitPodServices(kube: KubeClient, ns: string, podName: string, services: readonly ServiceSpec[], signal: AbortSignal, status: (line: string) => void, pollMs = 250): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new CancellationError();
    const r = podServicesReadiness(await getResource(kube, 'Pod', podName, ns, signal), services);
    if (r.kind === 'ready') {
      status(`services ready in pod/${podName} after ${Date.now() - started} ms: ${services.map((s) => s.name).join(', ')}`);
      return;
    }
    if (r.kind === 'failed') throw new ToolError('tool-failed', `service '${r.service}' did not start in pod/${podName}: ${r.reason}`, 'See the service log in the step log.');
    const elapsed = Date.now() - started;
    const late = r.waitingFor.find((w) => elapsed >= services.find((s) => s.name === w.service)!.startTimeoutMs);
    if (late) {
      const i = services.findIndex((s) => s.name === late.service);
      const container = sidecarName(late.service, i);
      const hc = services[i]!.healthcheck;
      // The kubelet's probe events can reach the API seconds late: the check is run once more to say why.
      const again = hc && late.state === 'running, not ready' ? await probeOnce(kube, ns, podName, container, hc.command, hc.timeoutMs ?? 5000) : undefined;
      const event = again ? undefined : await lastProbeFailure(kube, ns, podName, container);
      const why = again ? `; last health check ${again}` : event ? `; last health check: ${event}` : '';
      throw new ToolError(
        'timeout',
        `service '${late.service}' was not healthy after ${Math.round(services[i]!.startTimeoutMs / 1000)} s in pod/${podName}; last state: ${late.state}${why}`,
        'Raise services.<name>.startTimeout or fix its healthcheck.',
      );
    }
    await abortableSleep(pollMs, signal);
  }
}

/** Hands each sidecar's whole log to `keepLog` (while the pod still exists); never throws. */
export async function keepPodServiceLogs(kube: KubeClient, ns: string, podName: string, services: readonly ServiceSpec[], keepLog: (service: string, text: string) => void): Promise<void> {
  for (const [i, s] of services.entries()) {
    try {
      let text = '';
      for await (const line of streamPodLogs(kube, ns, podName, { container: sidecarName(s.name, i) })) text += line + '\n';
      if (text) keepLog(s.name, text);
    } catch {
      // A sidecar that never started has no log.
    }
  }
}

/**
 * Deletes, in `ns`, what carries services and whose runner (of this machine) is gone: step Jobs with
 * sidecars and job service pods (a Job's own pods go with it). Returns `job/<name>` and `pod/<name>`.
 */
export async function sweepKubeServiceLeftovers(kube: KubeClient, ns: string, isGone: (owner: string | undefined) => boolean = kubeOwnerIsGone): Promise<string[]> {
  const removed: string[] = [];
  for (const kind of ['Job', 'Pod'] as const) {
    const list = await listResources(kube, kind, { namespace: ns, labelSelector: `${KUBE_SERVICES_LABEL}=1` });
    for (const o of list.items) {
      if (kind === 'Pod' && o.metadata.ownerReferences?.length) continue;
      if (!isGone(o.metadata.labels?.[KUBE_OWNER_LABEL])) continue;
      const gone = await deleteResource(kube, kind, o.metadata.name, ns, { propagationPolicy: 'Background', gracePeriodSeconds: 0 }).then(() => true, () => false);
      if (gone) removed.push(`${kind.toLowerCase()}/${o.metadata.name}`);
    }
  }
  return removed;
}

/** Without the workspace: runs `command` in the waiting step container, streaming its output, then lets the container end. */
export async function driveWithoutWorkspace(kube: KubeClient, ns: string, podName: string, command: string[], log: (stream: 'stdout' | 'stderr', b: Buffer) => void, doneMarker: string): Promise<number> {
  const exec = (cmd: string[], io?: Parameters<typeof execBytes>[5]) => execBytes(kube, ns, podName, 'step', cmd, io);
  try {
    return await exec(command, { onStdout: (b) => log('stdout', b), onStderr: (b) => log('stderr', b) });
  } finally {
    await exec(['/bin/sh', '-c', `touch ${doneMarker}`]).catch(() => undefined);
  }
}
