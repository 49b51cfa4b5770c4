// Runs one container to completion as a batch/v1 Job and streams its log. Used by the
// kubernetes.job step and the kubernetes executor. Environment values (which may hold secrets)
// travel in a Secret referenced by envFrom, never in the Job spec; files (the script, which can hold
// values escaped into string literals, and stdin) in a second Secret mounted at /ansflow, never in a
// ConfigMap, which RBAC and tools treat as readable configuration.
import { randomBytes } from 'node:crypto';
import { CancellationError, ToolError } from '../../contracts/result.js';
import type { KubeClient } from './KubeClient.js';
import { ResourceCache } from './ResourceCache.js';
import { deleteResource } from './resourceApi.js';
import { collectionPath, findKind, objectPath } from './resourceKinds.js';
import { streamPodLogs } from './podStreams.js';
import { podStartProblem, type StartEvent } from './podStartProblem.js';
import type { KubeObject } from './types.js';
import { shellQuote } from '../../util/shellQuote.js';

/** What to run. */
export interface JobSpec {
  namespace: string;
  /** Name prefix; a random suffix is added. */
  name: string;
  image: string;
  /** Entrypoint override; omit to use the image's. */
  command?: string[];
  args?: string[];
  /** Environment; stored in a Secret (values may be secret). */
  env?: Record<string, string>;
  /** Files written to a Secret mounted read-only at /ansflow (mode 0755). */
  files?: Record<string, string>;
  workingDir?: string;
  serviceAccount?: string;
  labels?: Record<string, string>;
  /** Retries of the pod (default 0: a step's retries belong to the runner). */
  backoffLimit?: number;
  /** Job-level deadline. */
  activeDeadlineSeconds?: number;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Keep Job, pod and Secrets after the run (debugging). */
  keep?: boolean;
  /** Empty folders (`emptyDir`) mounted read-write in the container, e.g. a shipped workspace. */
  scratch?: Array<{ name: string; mountPath: string }>;
  /** Containers beside the step's in its pod (a step's services); each one's environment goes in a Secret of its own. */
  sidecars?: Array<{ container: Record<string, unknown>; env?: Record<string, string> }>;
  /** Extra /etc/hosts entries of the pod. */
  hostAliases?: Array<{ ip: string; hostnames: string[] }>;
}

/** How a Job run ended. */
export interface JobResult {
  exitCode: number;
  jobName: string;
  podName?: string;
  /** Why it failed, for people (e.g. `DeadlineExceeded`, `image pull failed for x: ErrImagePull`). */
  reason?: string;
  /** The step container never ran (image, scheduling, start deadline): `reason` says why. */
  notStarted?: boolean;
}

/** The Job's pod once its container runs, for {@link RunJobHooks.drive}. */
export interface RunningPod {
  namespace: string;
  jobName: string;
  podName: string;
}

/** Callbacks for {@link runJob}. */
export interface RunJobHooks {
  onLog?(line: string): void;
  onStatus?(message: string): void;
  signal?: AbortSignal;
  /**
   * Takes over once the container runs, instead of following its log to the end: the container is
   * expected to wait while `drive` execs into it; the Job is deleted when `drive` settles.
   */
  drive?(pod: RunningPod): Promise<number>;
  /** Give up when the step container is not running this long after the Job was created. */
  startDeadlineMs?: number;
}

const FATAL_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerError', 'RunContainerError']);

/** A DNS-1123 name: lower-case, [a-z0-9-], ≤ 63 characters, with a random suffix. */
export function jobName(prefix: string): string {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'step';
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** Env var names Kubernetes accepts as Secret keys / envFrom names. */
export function validEnvName(k: string): boolean {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(k);
}

/** The Job object (pure; exported for tests). */
export function buildJob(spec: JobSpec, name: string, secretName: string | undefined, filesSecretName: string | undefined, sidecarSecrets: ReadonlyArray<string | undefined> = []): KubeObject {
  const labels = { 'app.kubernetes.io/managed-by': 'ansflow', ...spec.labels };
  const mounts: Array<Record<string, unknown>> = filesSecretName ? [{ name: 'ansflow', mountPath: '/ansflow', readOnly: true }] : [];
  const volumes: Array<Record<string, unknown>> = filesSecretName ? [{ name: 'ansflow', secret: { secretName: filesSecretName, defaultMode: 0o755 } }] : [];
  for (const s of spec.scratch ?? []) {
    mounts.push({ name: s.name, mountPath: s.mountPath });
    volumes.push({ name: s.name, emptyDir: {} });
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: spec.namespace, labels },
    spec: {
      backoffLimit: spec.backoffLimit ?? 0,
      ...(spec.activeDeadlineSeconds ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(spec.serviceAccount ? { serviceAccountName: spec.serviceAccount } : { automountServiceAccountToken: false }),
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'step',
              image: spec.image,
              imagePullPolicy: spec.imagePullPolicy ?? 'IfNotPresent',
              ...(spec.command ? { command: spec.command } : {}),
              ...(spec.args ? { args: spec.args } : {}),
              ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
              ...(secretName ? { envFrom: [{ secretRef: { name: secretName } }] } : {}),
              ...(mounts.length ? { volumeMounts: mounts } : {}),
            },
            ...(spec.sidecars ?? []).map((s, i) => ({ ...s.container, ...(sidecarSecrets[i] ? { envFrom: [{ secretRef: { name: sidecarSecrets[i] } }] } : {}) })),
          ],
          ...(spec.hostAliases?.length ? { hostAliases: spec.hostAliases } : {}),
          ...(volumes.length ? { volumes } : {}),
        },
      },
    },
  };
}

/** Creates the Job (plus its Secrets), streams the pod log, waits, cleans up; cancel deletes the Job. */
export async function runJob(kube: KubeClient, spec: JobSpec, hooks: RunJobHooks = {}): Promise<JobResult> {
  const name = jobName(spec.name);
  const ns = spec.namespace;
  const env = Object.fromEntries(Object.entries(spec.env ?? {}).filter(([k]) => validEnvName(k)));
  const secretName = Object.keys(env).length ? `${name}-env` : undefined;
  const filesName = spec.files && Object.keys(spec.files).length ? `${name}-files` : undefined;
  const jobKind = findKind('Job')!;
  const created: Array<[string, string]> = [];
  const cleanup = async () => {
    if (spec.keep) return;
    // A fresh signal: cleanup must still run after a cancel.
    for (const [kind, n] of created.reverse()) await deleteResource(kube, kind, n, ns, { propagationPolicy: 'Background', gracePeriodSeconds: kind === 'Job' ? 0 : undefined }).catch(() => undefined);
    // Pods of a deleted Job go via the garbage collector; delete them directly too so nothing lingers.
    await kube.request('DELETE', `${collectionPath(findKind('Pod')!, ns)}`, { query: { labelSelector: `job-name=${name}`, gracePeriodSeconds: 0 } }).catch(() => undefined);
  };
  try {
    if (secretName) {
      await kube.request('POST', collectionPath(findKind('Secret')!, ns), { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, labels: { 'app.kubernetes.io/managed-by': 'ansflow' } }, type: 'Opaque', stringData: env } });
      created.push(['Secret', secretName]);
    }
    if (filesName) {
      await kube.request('POST', collectionPath(findKind('Secret')!, ns), { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: filesName, labels: { 'app.kubernetes.io/managed-by': 'ansflow' } }, type: 'Opaque', stringData: spec.files } });
      created.push(['Secret', filesName]);
    }
    const sidecarSecrets: Array<string | undefined> = [];
    for (const [i, s] of (spec.sidecars ?? []).entries()) {
      const values = Object.fromEntries(Object.entries(s.env ?? {}).filter(([k]) => validEnvName(k)));
      const n = Object.keys(values).length ? `${name}-sc${i}` : undefined;
      if (n) {
        await kube.request('POST', collectionPath(findKind('Secret')!, ns), { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: n, labels: { 'app.kubernetes.io/managed-by': 'ansflow' } }, type: 'Opaque', stringData: values } });
        created.push(['Secret', n]);
      }
      sidecarSecrets.push(n);
    }
    if (hooks.signal?.aborted) throw new CancellationError();
    const job = await kube.request<KubeObject>('POST', collectionPath(jobKind, ns), { body: buildJob(spec, name, secretName, filesName, sidecarSecrets), signal: hooks.signal });
    created.push(['Job', name]);
    hooks.onStatus?.(`job/${name} created in namespace ${ns}`);
    // Owner references let the garbage collector remove the Secrets with the Job if we cannot.
    const owner = { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid!, controller: false }] };
    for (const [kind, n] of created.filter(([k]) => k !== 'Job')) {
      await kube.request('PATCH', objectPath(findKind(kind)!, n, ns), { body: { metadata: owner }, contentType: 'application/merge-patch+json' }).catch(() => undefined);
    }
    return await follow(kube, ns, name, hooks);
  } finally {
    await cleanup();
  }
}

async function follow(kube: KubeClient, ns: string, name: string, hooks: RunJobHooks): Promise<JobResult> {
  const pods = new ResourceCache(kube, 'pods', { namespace: ns, labelSelector: `job-name=${name}`, backoffMs: 200, maxBackoffMs: 2000 });
  const jobs = new ResourceCache(kube, 'jobs', { namespace: ns, fieldSelector: `metadata.name=${name}`, backoffMs: 200, maxBackoffMs: 2000 });
  let logDone: Promise<void> | undefined;
  const logAbort = new AbortController();
  let lastStatus = '';
  let driving = false;
  let started = false;
  let deadline: NodeJS.Timeout | undefined;
  try {
    return await new Promise<JobResult>((resolve, reject) => {
      const onAbort = () => reject(new CancellationError());
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      if (hooks.startDeadlineMs !== undefined) {
        deadline = setTimeout(() => {
          if (started) return;
          const pod = pods.items()[0];
          startEvents(kube, ns, name, pod?.metadata.name).then((events) =>
            resolve({ exitCode: 1, jobName: name, podName: pod?.metadata.name, notStarted: true, reason: `pod did not start within ${shortDuration(hooks.startDeadlineMs!)}: ${podStartProblem(pod, events, name)}` }),
          );
        }, hooks.startDeadlineMs);
      }
      const check = () => {
        const pod = pods.items()[0];
        const statuses = pod?.status?.containerStatuses as Array<Record<string, any>> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
        const cs = statuses?.find((c) => c.name === 'step') ?? statuses?.[0];
        const waiting = cs?.state?.waiting as { reason?: string; message?: string } | undefined;
        const status = pod ? `pod/${pod.metadata.name}: ${waiting?.reason ?? (cs?.state?.running ? 'Running' : cs?.state?.terminated ? 'Terminated' : String(pod.status?.phase ?? 'Pending'))}` : '';
        if (status && status !== lastStatus) hooks.onStatus?.((lastStatus = status));
        if (cs?.state?.running || cs?.state?.terminated) started = true;
        if (waiting?.reason && FATAL_WAITING.has(waiting.reason)) {
          resolve({ exitCode: 1, jobName: name, podName: pod!.metadata.name, notStarted: true, reason: podStartProblem(pod) });
          return;
        }
        if (driving) return;
        if (hooks.drive && pod && cs?.state?.running) {
          driving = true;
          const podName = pod.metadata.name;
          hooks.drive({ namespace: ns, jobName: name, podName }).then((exitCode) => resolve({ exitCode, jobName: name, podName }), reject);
          return;
        }
        if (pod && !logDone && (cs?.state?.running || cs?.state?.terminated)) {
          logDone = (async () => {
            for await (const line of streamPodLogs(kube, ns, pod.metadata.name, { container: 'step', follow: true, signal: logAbort.signal })) hooks.onLog?.(line);
          })().catch(() => undefined);
        }
        const job = jobs.get(name, ns);
        const conds = (job?.status?.conditions ?? []) as Array<{ type: string; status: string; reason?: string; message?: string }>;
        const done = conds.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
        const terminated = cs?.state?.terminated as { exitCode?: number; reason?: string } | undefined;
        if (done && (terminated || done.type === 'Failed')) {
          const exitCode = terminated?.exitCode ?? (done.type === 'Complete' ? 0 : 1);
          const finish = () => resolve({ exitCode, jobName: name, podName: pod?.metadata.name, reason: done.type === 'Failed' ? done.reason ?? terminated?.reason : undefined });
          // Drain the log before reporting, bounded so a stuck stream cannot hold the step.
          if (!logDone && pod && terminated) {
            logDone = (async () => {
              for await (const line of streamPodLogs(kube, ns, pod.metadata.name, { container: 'step', signal: logAbort.signal })) hooks.onLog?.(line);
            })().catch(() => undefined);
          }
          Promise.race([logDone ?? Promise.resolve(), new Promise((r) => setTimeout(r, 5000))]).then(finish);
        }
      };
      pods.onDidChange(check);
      jobs.onDidChange(check);
      pods.onDidError((e) => hooks.onStatus?.(`watch error: ${e.message}`));
    });
  } finally {
    clearTimeout(deadline);
    logAbort.abort();
    pods.dispose();
    jobs.dispose();
  }
}

/** Warning events of the Job and its pod, for {@link podStartProblem}; none when they cannot be read. */
async function startEvents(kube: KubeClient, ns: string, jobName: string, podName: string | undefined): Promise<StartEvent[]> {
  const read = (kind: string, n: string) =>
    kube
      .request<{ items: StartEvent[] }>('GET', collectionPath(findKind('Event')!, ns), { query: { fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${n}` } })
      .then((l) => l.items, () => [] as StartEvent[]);
  const [job, pod] = await Promise.all([read('Job', jobName), podName ? read('Pod', podName) : Promise.resolve([])]);
  return [...job, ...pod];
}

/** `300000` → `5m`, `2500` → `2.5s`: a deadline as a person wrote it. */
function shortDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 100) / 10}s`;
}

/** Shell text that runs `command args…` with `input` on stdin from /ansflow/stdin (POSIX sh quoting). */
export function buildRunScript(command: string, args: string[], hasInput: boolean, workingDir?: string): string {
  const redirect = hasInput ? ' < /ansflow/stdin' : '';
  const lines = ['#!/bin/sh', '# Written by AnsFlow: runs one step inside the pod.'];
  if (workingDir) lines.push(`cd ${shellQuote(workingDir)} || exit 1`);
  const argv = args.map(shellQuote).join(' ');
  // Steps default to bash; minimal images often have only sh.
  if (command === 'bash') lines.push(`if command -v bash >/dev/null 2>&1; then exec bash ${argv}${redirect}; else exec sh ${argv}${redirect}; fi`);
  else lines.push(`exec ${shellQuote(command)} ${argv}${redirect}`);
  return lines.join('\n') + '\n';
}

/** Throws `invalid-input` when an image is missing. */
export function requireImage(image: unknown): string {
  if (typeof image !== 'string' || !image) throw new ToolError('invalid-input', 'an image is required to run a step on Kubernetes');
  return image;
}
