// What the Docker engine is asked for when a step has `services:`: names, labels, create options and
// the endpoints the step sees. Pure, so the plan is unit-tested without an engine.
import { hostname } from 'node:os';
import type Dockerode from 'dockerode';
import type { ServiceSpec } from '../../pipeline/model.js';
import { pidAlive } from '../../process/pidAlive.js';

/** Every network and container AnsFlow starts for services carries this label (value "1"). */
export const SERVICE_LABEL = 'dev.ansflow.service';
/** The run that started it. */
export const RUN_LABEL = 'dev.ansflow.run';
/** The step instance that started it. */
export const STEP_LABEL = 'dev.ansflow.step';
/** `<hostname>/<pid>` of the runner process: the leftover sweep removes only what a dead runner of this machine left. */
export const OWNER_LABEL = 'dev.ansflow.owner';

/** Where one step attempt's services live. */
export interface ServicePlanInput {
  runId: string;
  /** Step instance key. */
  step: string;
  attempt: number;
  services: readonly ServiceSpec[];
  /** Publish each declared port on 127.0.0.1 (the local executor reaches services that way). */
  publish: boolean;
  /** Evaluated `env` values per service name (expressions resolved by the runner). */
  env?: Readonly<Record<string, Record<string, string>>>;
  owner?: string;
}

/** The network and one create request per service. */
export interface ServicePlan {
  network: string;
  labels: Record<string, string>;
  containers: Array<{ service: ServiceSpec; name: string; create: Dockerode.ContainerCreateOptions }>;
}

/** This process as an owner label value. */
export function currentOwner(): string {
  return `${hostname()}/${process.pid}`;
}

/** Docker names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; anything else becomes `-`. */
export function dockerNamePart(text: string, max = 40): string {
  const s = text.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '').slice(0, max);
  return s || 'x';
}

/** Label values are free text, but keep them one line. */
function labelValue(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 200);
}

/** A service name as an environment variable part: `redis-cache` → `REDIS_CACHE`. */
export function serviceEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

const NS_PER_MS = 1_000_000;

/** The create request of one service container (its alias on the network is its name). */
function containerCreate(s: ServiceSpec, name: string, network: string, labels: Record<string, string>, publish: boolean, env: Record<string, string>): Dockerode.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of s.ports) {
    exposed[`${p}/tcp`] = {};
    // An empty HostPort lets the engine pick a free one; it is read back after the start.
    if (publish) bindings[`${p}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: '' }];
  }
  const hc = s.healthcheck;
  return {
    name,
    Image: s.image,
    ...(s.command ? { Cmd: s.command } : {}),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...labels, 'dev.ansflow.service-name': s.name },
    ExposedPorts: exposed,
    ...(hc
      ? {
          Healthcheck: {
            Test: ['CMD', ...hc.command],
            Interval: (hc.intervalMs ?? 1000) * NS_PER_MS,
            Timeout: (hc.timeoutMs ?? 5000) * NS_PER_MS,
            Retries: hc.retries ?? 3,
          },
        }
      : {}),
    HostConfig: { NetworkMode: network, PortBindings: bindings, Privileged: s.privileged, Init: true },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [s.name] } } },
  };
}

/** Names, labels and create requests for one step attempt's services. */
export function planServices(input: ServicePlanInput): ServicePlan {
  const base = `ansflow-svc-${dockerNamePart(input.runId, 24)}-${dockerNamePart(input.step)}-${input.attempt}`;
  const labels = { [SERVICE_LABEL]: '1', [RUN_LABEL]: labelValue(input.runId), [STEP_LABEL]: labelValue(input.step), [OWNER_LABEL]: input.owner ?? currentOwner() };
  return {
    network: base,
    labels,
    containers: input.services.map((s) => {
      const name = `${base}-${dockerNamePart(s.name)}`;
      return { service: s, name, create: containerCreate(s, name, base, labels, input.publish, input.env?.[s.name] ?? s.env) };
    }),
  };
}

/** How a step reaches one service: by name on the network, or by a published port on loopback. */
export interface ServiceEndpoint {
  host: string;
  /** The first declared port as the step reaches it ('' when none is declared). */
  port: string;
  /** Container port → the port the step uses. */
  ports: Record<string, string>;
}

/** `ANSFLOW_SERVICE_<NAME>_HOST` / `_PORT` (and `_PORT_<container port>` for each port). */
export function serviceEnvironment(endpoints: Readonly<Record<string, ServiceEndpoint>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, e] of Object.entries(endpoints)) {
    const n = serviceEnvName(name);
    env[`ANSFLOW_SERVICE_${n}_HOST`] = e.host;
    env[`ANSFLOW_SERVICE_${n}_PORT`] = e.port;
    for (const [cp, p] of Object.entries(e.ports)) env[`ANSFLOW_SERVICE_${n}_PORT_${cp}`] = p;
  }
  return env;
}

/**
 * The endpoint of a started service: on the network its name and container ports; published, 127.0.0.1
 * and the host ports the engine chose (from the container's inspect `NetworkSettings.Ports`).
 */
export function endpointOf(s: ServiceSpec, published: boolean, portsFromInspect?: Record<string, Array<{ HostIp: string; HostPort: string }> | null>): ServiceEndpoint {
  const ports: Record<string, string> = {};
  for (const p of s.ports) {
    if (!published) ports[String(p)] = String(p);
    else {
      const b = portsFromInspect?.[`${p}/tcp`]?.find((x) => x.HostIp === '127.0.0.1') ?? portsFromInspect?.[`${p}/tcp`]?.[0];
      ports[String(p)] = b?.HostPort ?? '';
    }
  }
  return { host: published ? '127.0.0.1' : s.name, port: s.ports.length ? ports[String(s.ports[0])]! : '', ports };
}

/** Whether a leftover's owner label names a runner of this machine that no longer exists. */
export function ownerIsGone(owner: string | undefined, thisHost = hostname(), alive: (pid: number) => boolean = pidAlive): boolean {
  if (!owner) return false;
  const slash = owner.lastIndexOf('/');
  if (slash < 0 || owner.slice(0, slash) !== thisHost) return false;
  const pid = Number(owner.slice(slash + 1));
  return Number.isInteger(pid) && pid > 0 && !alive(pid);
}
