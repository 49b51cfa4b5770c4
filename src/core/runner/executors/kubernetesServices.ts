// A step's `services:` on the kubernetes executor: sidecar containers in the step's own pod. They share
// the pod's network, so the step reaches each on localhost and by its name (a hostAliases line maps every
// service name to 127.0.0.1). Each one's environment travels in a Secret (runJob), never in the spec or a
// command. `healthcheck` becomes an exec readiness probe, which the runner waits on before the step's
// script starts. Pure, so the pod spec is unit-tested without a cluster.
import { hostname } from 'node:os';
import type { ServiceSpec } from '../../pipeline/model.js';
import { ToolError } from '../../contracts/result.js';
import { pidAlive } from '../../process/pidAlive.js';
import type { JobSpec } from '../../clients/kubernetes/runJob.js';

/** Pods (Jobs) that carry services have this label ("1"), for the sweep of a killed runner's leftovers. */
export const KUBE_SERVICES_LABEL = 'ansflow.dev/services';
/** `<host>_<pid>` of the runner (a label value allows no `/`). */
export const KUBE_OWNER_LABEL = 'ansflow.dev/owner';

/** What the executor gets from the services seam for one step attempt. */
export interface PodServices {
  services: readonly ServiceSpec[];
  /** Evaluated `env` per service name. */
  env: Readonly<Record<string, Record<string, string>>>;
  /** One service's whole output, read before the pod is deleted. */
  keepLog(service: string, text: string): void;
  status(line: string): void;
}

/** Set on the step context by the services seam when the step runs on the kubernetes executor. */
export interface PodServicesExtra {
  podServices?: PodServices;
  /** /etc/hosts lines naming the job's services in their own pod (kubernetesJobServices.ts). */
  podHostAliases?: Array<{ ip: string; hostnames: string[] }>;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The sidecar container's name for service `name` (index keeps two similar names apart). */
export function sidecarName(name: string, index: number): string {
  const base = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'service';
  return `svc-${index}-${base}`;
}

/** Refuses what a pod cannot hold: a name that is no host name, two services on one port. */
export function checkPodServices(services: readonly ServiceSpec[]): void {
  const byPort = new Map<number, string>();
  for (const s of services) {
    if (!DNS_SUBDOMAIN.test(s.name) || s.name.length > 253) {
      throw new ToolError('invalid-input', `service '${s.name}': in a pod a service is reached by its name as a host name, which allows only lower-case letters, digits, '-' and '.'`, 'Rename the service, e.g. redis-cache.');
    }
    for (const p of s.ports) {
      const other = byPort.get(p);
      if (other) throw new ToolError('invalid-input', `services '${other}' and '${s.name}' both use port ${p}: in a pod they share one network (localhost)`, 'Give one of them another port.');
      byPort.set(p, s.name);
    }
  }
}

const sec = (ms: number | undefined, dflt: number) => Math.max(1, Math.ceil((ms ?? dflt) / 1000));

/** One service as a sidecar container spec (without its env, which runJob puts in a Secret). */
export function sidecarContainer(s: ServiceSpec, index: number): Record<string, unknown> {
  const hc = s.healthcheck;
  return {
    name: sidecarName(s.name, index),
    image: s.image,
    imagePullPolicy: 'IfNotPresent',
    // Like docker's Cmd: replaces the image's command, keeps its entrypoint.
    ...(s.command ? { args: s.command } : {}),
    ...(s.ports.length ? { ports: s.ports.map((containerPort) => ({ containerPort, protocol: 'TCP' })) } : {}),
    ...(s.privileged ? { securityContext: { privileged: true } } : {}),
    ...(hc
      ? {
          readinessProbe: {
            exec: { command: hc.command },
            periodSeconds: sec(hc.intervalMs, 1000),
            timeoutSeconds: sec(hc.timeoutMs, 5000),
            successThreshold: 1,
            failureThreshold: Math.max(1, hc.retries ?? 3),
          },
        }
      : {}),
  };
}

/** A label-safe `<host>_<pid>` for this runner. */
export function kubeOwner(host = hostname(), pid = process.pid): string {
  const h = host.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 50) || 'host';
  return `${h}_${pid}`;
}

/** Whether an owner label value names a runner of this machine that is gone. */
export function kubeOwnerIsGone(owner: string | undefined, thisHost = hostname(), alive: (pid: number) => boolean = pidAlive): boolean {
  if (!owner) return false;
  const cut = owner.lastIndexOf('_');
  if (cut < 0 || owner.slice(0, cut) !== kubeOwner(thisHost, 0).replace(/_0$/, '')) return false;
  const pid = Number(owner.slice(cut + 1));
  return Number.isInteger(pid) && pid > 0 && !alive(pid);
}

/** What the services add to the step's Job: sidecars with their env, host names, labels. */
export function podServicesJobSpec(ps: Pick<PodServices, 'services' | 'env'>, owner = kubeOwner()): Pick<JobSpec, 'sidecars' | 'hostAliases' | 'labels'> {
  checkPodServices(ps.services);
  return {
    sidecars: ps.services.map((s, i) => ({ container: sidecarContainer(s, i), env: ps.env[s.name] ?? s.env })),
    hostAliases: [{ ip: '127.0.0.1', hostnames: ps.services.map((s) => s.name) }],
    labels: { [KUBE_SERVICES_LABEL]: '1', [KUBE_OWNER_LABEL]: owner },
  };
}
