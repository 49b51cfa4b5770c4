// Starts a step attempt's services on their own network and removes everything afterwards: the
// containers, then the network, whatever happened (failure, cancel). Each service's output is handed
// to `keepLog` before removal so the run record keeps it (the caller masks it).
//
//   const started = await startServices(docker, plan, { signal, keepLog, status });
//   try { …run the step with started.endpoints… } finally { await started.stop(); }
import type { ServiceSpec } from '../../pipeline/model.js';
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import { ToolError } from '../../contracts/result.js';
import { endpointOf, type ServiceEndpoint, type ServicePlan } from './servicePlan.js';
import { waitHealthy } from './waitHealthy.js';

/** Callbacks of {@link startServices}. */
export interface StartServicesOptions {
  signal: AbortSignal;
  /** One service's whole output, read just before its container is removed. */
  keepLog(service: string, text: string): void;
  /** A one-line progress note ("starting db", "db healthy"). */
  status(line: string): void;
  /** Seconds a service gets between SIGTERM and SIGKILL at the end. */
  stopGraceSec?: number;
}

/** Started services: how to reach them, and the one way to end them. */
export interface StartedServices {
  network: string;
  endpoints: Record<string, ServiceEndpoint>;
  /** Keeps each service's log, removes its containers and the network; never throws. */
  stop(): Promise<void>;
}

async function ensureImage(docker: DockerClient, s: ServiceSpec, opts: StartServicesOptions): Promise<void> {
  try {
    await docker.inspectImage(s.image);
  } catch (e) {
    if (!(e instanceof ToolError) || e.code !== 'not-found') throw e;
    opts.status(`pulling ${s.image} for service '${s.name}'`);
    await docker.pull(s.image, { signal: opts.signal });
  }
}

/** Creates the network and starts every service of `plan`, waiting for each to be ready. */
export async function startServices(docker: DockerClient, plan: ServicePlan, publish: boolean, opts: StartServicesOptions): Promise<StartedServices> {
  const ids: Array<{ name: string; id: string }> = [];
  let networkId: string | undefined;
  const stop = async (): Promise<void> => {
    for (const { name, id } of ids) {
      try {
        await docker.stopContainer(id, opts.stopGraceSec ?? 2);
      } catch {
        // Removal below forces it anyway.
      }
      try {
        let text = '';
        for await (const c of docker.logs(id, { follow: false, tail: 'all' })) text += c.text;
        if (text) opts.keepLog(name, text);
      } catch {
        // A container that never started has no log.
      }
      await docker.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
    }
    if (networkId) await docker.removeNetwork(networkId).catch(() => undefined);
  };
  try {
    networkId = await docker.createNetwork(plan.network, { labels: plan.labels });
    const endpoints: Record<string, ServiceEndpoint> = {};
    for (const c of plan.containers) {
      await ensureImage(docker, c.service, opts);
      const id = await docker.createContainer(c.create);
      ids.push({ name: c.service.name, id });
      opts.status(`starting service '${c.service.name}' (${c.service.image})`);
      await docker.startContainer(id);
    }
    // Started together above, waited for here: slow services overlap their warm-up.
    for (const [i, c] of plan.containers.entries()) {
      const id = ids[i]!.id;
      await waitHealthy(docker, id, c.service.name, c.service.startTimeoutMs, opts.signal);
      const info = await docker.inspectContainer(id);
      endpoints[c.service.name] = endpointOf(c.service, publish, info.NetworkSettings?.Ports as Parameters<typeof endpointOf>[2]);
      opts.status(`service '${c.service.name}' is ready`);
    }
    return { network: plan.network, endpoints, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
