// Removes service containers and networks that a runner of this machine left behind when it was
// killed (no `finally` ran). Only leftovers whose owner process is gone are touched, so services of
// runs still going (another window, the CLI, a parallel test) stay.
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import { OWNER_LABEL, ownerIsGone, SERVICE_LABEL } from './servicePlan.js';

/** What {@link sweepLeftovers} removed. */
export interface SweepResult {
  containers: string[];
  networks: string[];
}

/** Removes leftovers of dead runners; failures to remove one are skipped (the next sweep retries). */
export async function sweepLeftovers(docker: DockerClient, isGone: (owner: string | undefined) => boolean = ownerIsGone): Promise<SweepResult> {
  const removed: SweepResult = { containers: [], networks: [] };
  const containers = await docker.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL}=1`] } });
  for (const c of containers) {
    if (!isGone(c.Labels?.[OWNER_LABEL])) continue;
    try {
      await docker.removeContainer(c.Id, { force: true, volumes: true });
      removed.containers.push(c.Names?.[0]?.replace(/^\//, '') ?? c.Id);
    } catch {
      // Gone meanwhile, or the engine refused: left for the next sweep.
    }
  }
  for (const n of await docker.listNetworks()) {
    if (n.Labels?.[SERVICE_LABEL] !== '1' || !isGone(n.Labels?.[OWNER_LABEL])) continue;
    try {
      await docker.removeNetwork(n.Id);
      removed.networks.push(n.Name);
    } catch {
      // Still in use by a container the sweep could not remove.
    }
  }
  return removed;
}
