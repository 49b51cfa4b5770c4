// The runner's one seam for `services:`: wraps a step type so each attempt starts the step's services
// first and removes them after, whatever the attempt's end. The step reaches them through
// ANSFLOW_SERVICE_<NAME>_HOST/_PORT and `${{ services.<name>.host/port }}`: by name on the services'
// network when it runs in a container (the container executor joins that network), by a port
// published on 127.0.0.1 otherwise. On the kubernetes executor no engine is asked here: the services
// become sidecars of the step's pod (executors/kubernetesServices.ts), reached by name as well.
import type { StepContext, StepOutcome, StepType } from '../../contracts/StepType.js';
import type { ServiceSpec } from '../../pipeline/model.js';
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import { endpointOf, planServices, serviceEnvironment, type ServiceEndpoint } from './servicePlan.js';
import type { PodServicesExtra } from '../executors/kubernetesServices.js';
import { startServices } from './StepServices.js';
import { sweepLeftovers } from './sweepLeftovers.js';
import { applyServicesContext, type ServicesExpressionInput } from './servicesContext.js';

/** What the wrapper needs from the runner beyond the step context. */
export interface ServicesHost {
  /** Appends to the step's stored log (masked there); service output goes to the run record this way. */
  appendStoredLog(text: string): void;
  /** The engine to use; by default the one DOCKER_HOST / the docker context names. */
  docker?(env: Record<string, string>): DockerClient;
  /** When given, `${{ services.… }}` in the step's `with` and `env:` is evaluated once the services run. */
  expressions?: ServicesExpressionInput;
}

/** Network a container executor should join for this attempt (set on the step context by the seam). */
export interface ServiceNetworkExtra {
  serviceNetwork?: string;
}

/** Runs the leftover sweep once per run and engine, at the run's first step with services. */
const swept = new Set<string>();

async function connect(host: ServicesHost, env: Record<string, string>): Promise<DockerClient> {
  if (host.docker) return host.docker(env);
  // Loaded on first use: dockerode costs the runner memory at start.
  const { DockerClient } = await import('../../clients/docker/DockerClient.js');
  return DockerClient.connect({ env: { ...process.env, ...env } as Record<string, string> });
}

/** The engine for `ctx`'s services, after sweeping a dead runner's leftovers (once per run and engine). */
export async function serviceEngine(host: ServicesHost, ctx: StepContext): Promise<DockerClient> {
  const docker = await connect(host, ctx.env);
  const sweepKey = `${ctx.runId}\0${docker.connection.host}`;
  if (!swept.has(sweepKey)) {
    swept.add(sweepKey);
    const removed = await sweepLeftovers(docker).catch(() => undefined);
    if (removed && removed.containers.length + removed.networks.length) {
      ctx.log('system', `[ansflow] removed services left by a stopped runner: ${[...removed.containers, ...removed.networks].join(', ')}\n`);
    }
  }
  return docker;
}

/** Each service's `env` evaluated in `ctx`: handed to the engine as the containers' environment, never as text in a command. */
export function serviceEnvValues(services: readonly ServiceSpec[], ctx: StepContext): Record<string, Record<string, string>> {
  const evaluate = (t: string): string => ctx.interpolate?.(t) ?? t;
  return Object.fromEntries(services.map((s) => [s.name, Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, evaluate(v)]))]));
}

/** Callbacks of startServices that write to the run record (logs masked by the host) and the step's log. */
export function serviceCallbacks(host: ServicesHost, ctx: StepContext): { signal: AbortSignal; keepLog(name: string, text: string): void; status(line: string): void } {
  return {
    signal: ctx.signal,
    keepLog: (name, text) => host.appendStoredLog(`[ansflow] log of service '${name}':\n${text.endsWith('\n') ? text : text + '\n'}`),
    status: (line) => ctx.log('system', `[ansflow] ${line}\n`),
  };
}

/** Lets the step reach running services: environment, `${{ services.… }}`, and the network for a container step. */
export function exposeServices(type: StepType, ctx: StepContext, host: ServicesHost, endpoints: Record<string, ServiceEndpoint>, network: string | undefined): void {
  Object.assign(ctx.env, serviceEnvironment(endpoints));
  if (host.expressions) applyServicesContext(type, ctx, host.expressions, endpoints);
  if (network) (ctx as StepContext & ServiceNetworkExtra).serviceNetwork = network;
}

/** A kubernetes step: its executor runs the services as sidecars of the step's pod and waits for them. */
function runWithPodServices(type: StepType, services: readonly ServiceSpec[], host: ServicesHost, ctx: StepContext): Promise<StepOutcome> {
  const endpoints = Object.fromEntries(services.map((s) => [s.name, endpointOf(s, false)]));
  exposeServices(type, ctx, host, endpoints, undefined);
  const { keepLog, status } = serviceCallbacks(host, ctx);
  (ctx as StepContext & PodServicesExtra).podServices = { services, env: serviceEnvValues(services, ctx), keepLog, status };
  return type.run(ctx);
}

async function runWithServices(type: StepType, services: readonly ServiceSpec[], host: ServicesHost, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.executor.kind === 'kubernetes') return runWithPodServices(type, services, host, ctx);
  const publish = ctx.executor.kind !== 'container';
  const docker = await serviceEngine(host, ctx);
  const plan = planServices({ runId: ctx.runId, step: ctx.step, attempt: ctx.attempt, services, publish, env: serviceEnvValues(services, ctx) });
  const started = await startServices(docker, plan, publish, serviceCallbacks(host, ctx));
  try {
    exposeServices(type, ctx, host, started.endpoints, publish ? undefined : started.network);
    return await type.run(ctx);
  } finally {
    await started.stop();
  }
}

/** `type` itself for a step without services; otherwise the same type whose `run` brings the services up and down. */
export function withServices(type: StepType, services: readonly ServiceSpec[] | undefined, host: ServicesHost): StepType {
  if (!services?.length) return type;
  // The prototype keeps validate, describe, dryRun (a dry run starts no services) and withValues.
  const wrapped = Object.create(type) as StepType & { run: StepType['run'] };
  wrapped.run = (ctx) => runWithServices(type, services, host, ctx);
  return wrapped;
}
