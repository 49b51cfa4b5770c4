// Waits until a service container is ready: healthy when it has a health check (its own or the
// image's), else running. Bounded by the service's start timeout; fails early when it exits or turns
// unhealthy, naming the service and its last health-check output.
import type Dockerode from 'dockerode';
import { CancellationError, ToolError } from '../../contracts/result.js';
import { abortableSleep } from '../../util/abortableSleep.js';

/** What the wait needs from the engine (a DockerClient fits). */
export interface InspectsContainers {
  inspectContainer(id: string): Promise<Dockerode.ContainerInspectInfo>;
}

/** The verdict on one inspect: ready, still starting, or failed with why. */
export type Readiness = { kind: 'ready' } | { kind: 'starting'; lastCheck?: string } | { kind: 'failed'; reason: string };

function lastHealthOutput(state: Dockerode.ContainerInspectInfo['State']): string | undefined {
  const log = (state as { Health?: { Log?: Array<{ ExitCode: number; Output: string }> } }).Health?.Log;
  const last = log?.[log.length - 1];
  return last ? `exit ${last.ExitCode}: ${last.Output.trim() || '(no output)'}` : undefined;
}

/** Reads readiness from a container's inspect. Pure. */
export function readinessOf(info: Pick<Dockerode.ContainerInspectInfo, 'State'>): Readiness {
  const state = info.State;
  const health = (state as { Health?: { Status?: string } }).Health;
  const last = lastHealthOutput(state);
  if (!state.Running) return { kind: 'failed', reason: `exited with code ${state.ExitCode}${state.Error ? ` (${state.Error})` : ''}${last ? `; last health check ${last}` : ''}` };
  if (!health || !health.Status || health.Status === 'none') return { kind: 'ready' };
  if (health.Status === 'healthy') return { kind: 'ready' };
  if (health.Status === 'unhealthy') return { kind: 'failed', reason: `unhealthy; last health check ${last ?? '(none)'}` };
  return { kind: 'starting', ...(last ? { lastCheck: last } : {}) };
}


/** Resolves once `id` is ready; throws a ToolError naming `service` otherwise. */
export async function waitHealthy(docker: InspectsContainers, id: string, service: string, timeoutMs: number, signal: AbortSignal, pollMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new CancellationError();
    const r = readinessOf(await docker.inspectContainer(id));
    if (r.kind === 'ready') return;
    if (r.kind === 'failed') throw new ToolError('tool-failed', `service '${service}' did not start: ${r.reason}`, 'See the service log in the step log.');
    last = r.lastCheck ?? last;
    if (Date.now() >= deadline) {
      throw new ToolError('timeout', `service '${service}' was not healthy after ${Math.round(timeoutMs / 1000)} s; last health check ${last ?? '(none yet)'}`, 'Raise services.<name>.startTimeout or fix its healthcheck.');
    }
    await abortableSleep(Math.min(pollMs, Math.max(1, deadline - Date.now())), signal);
  }
}
