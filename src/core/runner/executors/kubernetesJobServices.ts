// A job's `services:` when its steps run on the kubernetes executor: every step is a pod of its own, so
// the services live in one pod per job instance, started with its first step and deleted after its last.
// Step pods reach it by its pod IP, written as a hostAliases line naming every service, so a step finds
// `db` by name as in a step's own services. Each service's environment travels in a Secret (owned by
// the pod, so the garbage collector takes it too). The pod is labelled like a step's service Job, so
// the leftover sweep removes it when the runner that started it was killed.
import { randomBytes } from 'node:crypto';
import type { ServiceSpec } from '../../pipeline/model.js';
import { CancellationError } from '../../contracts/result.js';
import type { KubeClient } from '../../clients/kubernetes/KubeClient.js';
import { validEnvName } from '../../clients/kubernetes/runJob.js';
import { deleteResource, getResource } from '../../clients/kubernetes/resourceApi.js';
import { collectionPath, findKind, objectPath } from '../../clients/kubernetes/resourceKinds.js';
import type { KubeObject } from '../../clients/kubernetes/types.js';
import { abortableSleep } from '../../util/abortableSleep.js';
import { checkPodServices, KUBE_OWNER_LABEL, KUBE_SERVICES_LABEL, kubeOwner, sidecarContainer } from './kubernetesServices.js';
import { keepPodServiceLogs, sweepKubeServiceLeftovers, waitPodServices } from './podServicesRun.js';
import type { StepContext } from '../../contracts/StepType.js';
import type { KubernetesExecutor } from './KubernetesExecutor.js';

/** A job instance's service pod once every service is ready. */
export interface StartedServicePod {
  namespace: string;
  podName: string;
  /** What the job's step pods add to their /etc/hosts. */
  hostAliases: Array<{ ip: string; hostnames: string[] }>;
  /** Keeps each service's log, deletes the pod and its Secrets; never throws. */
  stop(): Promise<void>;
}

/** Callbacks of {@link startServicePod}. */
export interface ServicePodOptions {
  signal: AbortSignal;
  keepLog(service: string, text: string): void;
  status(line: string): void;
}

/** `ansflow-svc-<job key>-<random>` as a DNS-1123 name. */
export function servicePodName(jobKey: string): string {
  const base = jobKey.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'job';
  return `ansflow-svc-${base}-${randomBytes(3).toString('hex')}`;
}

/** The service pod (pure): one container per service, each with its env Secret when it has env. */
export function servicePod(name: string, services: readonly ServiceSpec[], secretNames: ReadonlyArray<string | undefined>, owner = kubeOwner()): KubeObject {
  checkPodServices(services);
  const labels = { 'app.kubernetes.io/managed-by': 'ansflow', [KUBE_SERVICES_LABEL]: '1', [KUBE_OWNER_LABEL]: owner };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 2,
      containers: services.map((s, i) => ({ ...sidecarContainer(s, i), ...(secretNames[i] ? { envFrom: [{ secretRef: { name: secretNames[i] } }] } : {}) })),
    },
  } as KubeObject;
}

async function podIp(kube: KubeClient, ns: string, name: string, signal: AbortSignal): Promise<string> {
  for (;;) {
    if (signal.aborted) throw new CancellationError();
    const pod = await getResource(kube, 'Pod', name, ns, signal);
    const ip = pod.status?.podIP as string | undefined;
    if (ip) return ip;
    await abortableSleep(250, signal);
  }
}

/** Starts the service pod of one job instance in `kube`'s namespace and waits for every service. */
export async function startServicePod(kube: KubeClient, jobKey: string, services: readonly ServiceSpec[], env: Readonly<Record<string, Record<string, string>>>, opts: ServicePodOptions): Promise<StartedServicePod> {
  const ns = kube.namespace;
  const name = servicePodName(jobKey);
  const secrets: Array<string | undefined> = [];
  let podCreated = false;
  const stop = async (): Promise<void> => {
    if (podCreated) await keepPodServiceLogs(kube, ns, name, services, opts.keepLog);
    if (podCreated) await deleteResource(kube, 'Pod', name, ns, { gracePeriodSeconds: 0 }).catch(() => undefined);
    for (const s of secrets) if (s) await deleteResource(kube, 'Secret', s, ns).catch(() => undefined);
  };
  try {
    const pod = servicePod(name, services, services.map((s, i) => (Object.keys(env[s.name] ?? s.env).some(validEnvName) ? `${name}-sc${i}` : undefined)));
    for (const [i, s] of services.entries()) {
      const values = Object.fromEntries(Object.entries(env[s.name] ?? s.env).filter(([k]) => validEnvName(k)));
      if (!Object.keys(values).length) {
        secrets.push(undefined);
        continue;
      }
      const n = `${name}-sc${i}`;
      await kube.request('POST', collectionPath(findKind('Secret')!, ns), { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: n, labels: { 'app.kubernetes.io/managed-by': 'ansflow' } }, type: 'Opaque', stringData: values } });
      secrets.push(n);
    }
    if (opts.signal.aborted) throw new CancellationError();
    const created = await kube.request<KubeObject>('POST', collectionPath(findKind('Pod')!, ns), { body: pod, signal: opts.signal });
    podCreated = true;
    opts.status(`starting the job's services in pod/${name} (namespace ${ns}): ${services.map((s) => s.name).join(', ')}`);
    // Owned by the pod: the garbage collector removes the Secrets with it if we cannot.
    const owner = { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid: created.metadata.uid! }] };
    for (const s of secrets) if (s) await kube.request('PATCH', objectPath(findKind('Secret')!, s, ns), { body: { metadata: owner }, contentType: 'application/merge-patch+json' }).catch(() => undefined);
    await waitPodServices(kube, ns, name, services, opts.signal, opts.status);
    const ip = await podIp(kube, ns, name, opts.signal);
    return { namespace: ns, podName: name, hostAliases: [{ ip, hostnames: services.map((s) => s.name) }], stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The service pod for a job instance whose step `ctx` runs on the kubernetes executor: same cluster, context and namespace. */
export async function startJobServicePod(ctx: StepContext, jobKey: string, services: readonly ServiceSpec[], env: Readonly<Record<string, Record<string, string>>>, opts: ServicePodOptions): Promise<StartedServicePod> {
  const spec = (ctx.executor as KubernetesExecutor).spec;
  const { KubeClient } = await import('../../clients/kubernetes/KubeClient.js');
  const kube = KubeClient.load({ context: spec.context, namespace: spec.namespace, env: { ...process.env, ...ctx.env } as Record<string, string> });
  try {
    const removed = await sweepKubeServiceLeftovers(kube, kube.namespace).catch(() => []);
    if (removed.length) opts.status(`removed service pods left by a stopped runner: ${removed.join(', ')}`);
    const started = await startServicePod(kube, jobKey, services, env, opts);
    return { ...started, stop: () => started.stop().finally(() => kube.dispose()) };
  } catch (e) {
    kube.dispose();
    throw e;
  }
}
