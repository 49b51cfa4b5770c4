// A step's services as sidecars of its pod, without a cluster: the containers and probes, env kept out
// of the spec (a Secret per sidecar), host names for the services, labels for the sweep, what a pod
// cannot hold, readiness read from pod states, and the services seam handing the services to the executor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJob } from '../../../../../src/core/clients/kubernetes/runJob.js';
import { checkPodServices, KUBE_OWNER_LABEL, KUBE_SERVICES_LABEL, kubeOwner, kubeOwnerIsGone, podServicesJobSpec, sidecarName, type PodServicesExtra } from '../../../../../src/core/runner/executors/kubernetesServices.js';
import { podServicesReadiness } from '../../../../../src/core/runner/executors/podServicesRun.js';
import { servicePod, servicePodName } from '../../../../../src/core/runner/executors/kubernetesJobServices.js';
import { withServices } from '../../../../../src/core/runner/services/withServices.js';
import type { ServiceSpec } from '../../../../../src/core/pipeline/model.js';
import type { Executor, StepContext, StepType } from '../../../../../src/core/contracts/StepType.js';
import type { KubeObject } from '../../../../../src/core/clients/kubernetes/types.js';

const db: ServiceSpec = { name: 'db', image: 'postgres:16', command: ['postgres', '-c', 'fsync=off'], env: { POSTGRES_PASSWORD: 'written' }, ports: [5432], privileged: true, startTimeoutMs: 30_000, healthcheck: { command: ['pg_isready'], intervalMs: 500, timeoutMs: 2500, retries: 4 } };
const cache: ServiceSpec = { name: 'cache', image: 'redis:7', env: {}, ports: [6379], privileged: false, startTimeoutMs: 60_000 };

test('(unit) pod services: one sidecar per service with image, args, ports, privileged and an exec readiness probe; env only in a Secret', () => {
  const spec = podServicesJobSpec({ services: [db, cache], env: { db: { POSTGRES_PASSWORD: 's3cret' } } }, 'host_42');
  const job = buildJob({ namespace: 'ns', name: 'step', image: 'busybox', command: ['sleep', '1'], ...spec }, 'step-1', 'step-1-env', undefined, ['step-1-sc0', undefined]);
  const pod = (job.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  const containers = pod.containers as Array<Record<string, unknown>>;
  assert.deepEqual(containers.map((c) => c.name), ['step', 'svc-0-db', 'svc-1-cache']);
  assert.deepEqual(containers[1], {
    name: 'svc-0-db',
    image: 'postgres:16',
    imagePullPolicy: 'IfNotPresent',
    args: ['postgres', '-c', 'fsync=off'],
    ports: [{ containerPort: 5432, protocol: 'TCP' }],
    securityContext: { privileged: true },
    readinessProbe: { exec: { command: ['pg_isready'] }, periodSeconds: 1, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 4 },
    envFrom: [{ secretRef: { name: 'step-1-sc0' } }],
  });
  // No healthcheck: no probe, so "running" is ready; no env: no Secret.
  assert.deepEqual(containers[2], { name: 'svc-1-cache', image: 'redis:7', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 6379, protocol: 'TCP' }] });
  // The evaluated value goes to runJob for the Secret; nothing of it is in the Job.
  assert.deepEqual(spec.sidecars![0]!.env, { POSTGRES_PASSWORD: 's3cret' });
  assert.deepEqual(spec.sidecars![1]!.env, {});
  assert.doesNotMatch(JSON.stringify(job), /s3cret|written/);
  assert.deepEqual(pod.hostAliases, [{ ip: '127.0.0.1', hostnames: ['db', 'cache'] }]);
  assert.deepEqual(spec.labels, { [KUBE_SERVICES_LABEL]: '1', [KUBE_OWNER_LABEL]: 'host_42' });
});

test('(unit) pod services: a step without services gets neither sidecars nor host aliases', () => {
  const job = buildJob({ namespace: 'ns', name: 'step', image: 'busybox' }, 'step-1', undefined, undefined);
  const pod = (job.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  assert.equal((pod.containers as unknown[]).length, 1);
  assert.equal(pod.hostAliases, undefined);
});

test('(unit) pod services: names that are no host names and two services on one port are refused, naming them', () => {
  assert.throws(() => checkPodServices([{ ...cache, name: 'Redis_Cache' }]), /service 'Redis_Cache': .*host name/);
  assert.throws(() => checkPodServices([db, { ...cache, name: 'db2', ports: [5432] }]), /services 'db' and 'db2' both use port 5432/);
  assert.doesNotThrow(() => checkPodServices([db, cache, { ...cache, name: 'queue.local', ports: [] }]));
  assert.equal(sidecarName('queue.local', 2), 'svc-2-queue-local');
});

test('(unit) pod services: the owner label is label-safe and only a dead runner of this machine counts as gone', () => {
  assert.equal(kubeOwner('build box/1', 7), 'build-box-1_7');
  assert.match(kubeOwner(), /^[A-Za-z0-9][A-Za-z0-9.-]*_\d+$/);
  assert.equal(kubeOwnerIsGone('h1_7', 'h1', () => false), true);
  assert.equal(kubeOwnerIsGone('h1_7', 'h1', () => true), false);
  assert.equal(kubeOwnerIsGone('other_7', 'h1', () => false), false);
  assert.equal(kubeOwnerIsGone(undefined, 'h1', () => false), false);
});

function podWith(statuses: unknown[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { containerStatuses: statuses } } as KubeObject;
}

test('(unit) pod services readiness: ready when every sidecar is, starting with each one\'s state, failed naming the service', () => {
  const both = [db, cache];
  assert.deepEqual(podServicesReadiness(podWith([{ name: 'step', ready: true }, { name: 'svc-0-db', ready: true }, { name: 'svc-1-cache', ready: true }]), both), { kind: 'ready' });
  assert.deepEqual(podServicesReadiness(podWith([{ name: 'svc-0-db', ready: false, state: { running: {} } }, { name: 'svc-1-cache', state: { waiting: { reason: 'ContainerCreating' } } }]), both), {
    kind: 'starting',
    waitingFor: [
      { service: 'db', state: 'running, not ready' },
      { service: 'cache', state: 'ContainerCreating' },
    ],
  });
  assert.deepEqual(podServicesReadiness(podWith([]), [cache]), { kind: 'starting', waitingFor: [{ service: 'cache', state: 'not created yet' }] });
  assert.deepEqual(podServicesReadiness(podWith([{ name: 'svc-0-db', state: { terminated: { exitCode: 3, reason: 'Error' } } }]), both), { kind: 'failed', service: 'db', reason: 'exited with code 3 (Error)' });
  const pull = podServicesReadiness(podWith([{ name: 'svc-0-db', ready: true }, { name: 'svc-1-cache', state: { waiting: { reason: 'ErrImageNeverPull', message: 'not present' } } }]), both);
  assert.deepEqual(pull, { kind: 'failed', service: 'cache', reason: 'ErrImageNeverPull: not present (image redis:7)' });
});

test('(unit) services seam on the kubernetes executor: no engine is asked; the executor gets the services, the step their names and ports', async () => {
  let seen: StepContext | undefined;
  const type = { run: async (ctx: StepContext) => ((seen = ctx), { status: 'success' }) } as unknown as StepType;
  const stored: string[] = [];
  const wrapped = withServices(type, [db, cache], {
    appendStoredLog: (t) => void stored.push(t),
    docker: () => {
      throw new Error('no docker engine for a pod step');
    },
  });
  const ctx = { runId: 'r', step: 's', env: {}, executor: { kind: 'kubernetes' } as Executor, signal: new AbortController().signal, log: () => undefined, interpolate: (t: string) => t.replace('written', 'evaluated') } as unknown as StepContext;
  await wrapped.run(ctx);
  const ps = (seen as StepContext & PodServicesExtra).podServices!;
  assert.deepEqual(ps.services.map((s) => s.name), ['db', 'cache']);
  assert.deepEqual(ps.env, { db: { POSTGRES_PASSWORD: 'evaluated' }, cache: {} });
  assert.equal(seen!.env.ANSFLOW_SERVICE_DB_HOST, 'db');
  assert.equal(seen!.env.ANSFLOW_SERVICE_DB_PORT, '5432');
  assert.equal(seen!.env.ANSFLOW_SERVICE_CACHE_PORT, '6379');
  ps.keepLog('db', 'ready to accept connections');
  assert.match(stored.join(''), /log of service 'db':\nready to accept connections\n/);
});

test('(unit) job service pod: one container per service (probes, ports), env by Secret reference, labelled for the sweep, never restarted', () => {
  const name = servicePodName('Test[node=20]');
  assert.match(name, /^ansflow-svc-test-node-20-[0-9a-f]{6}$/);
  const pod = servicePod(name, [db, cache], [`${name}-sc0`, undefined], 'host_9');
  const spec = pod.spec as { restartPolicy: string; containers: Array<Record<string, unknown>> };
  assert.equal(spec.restartPolicy, 'Never');
  assert.deepEqual(spec.containers.map((c) => c.name), ['svc-0-db', 'svc-1-cache']);
  assert.deepEqual(spec.containers[0]!.envFrom, [{ secretRef: { name: `${name}-sc0` } }]);
  assert.equal(spec.containers[1]!.envFrom, undefined);
  assert.deepEqual((spec.containers[0]!.readinessProbe as { exec: unknown }).exec, { command: ['pg_isready'] });
  assert.doesNotMatch(JSON.stringify(pod), /written/);
  assert.equal(pod.metadata.labels?.[KUBE_SERVICES_LABEL], '1');
  assert.equal(pod.metadata.labels?.[KUBE_OWNER_LABEL], 'host_9');
  assert.throws(() => servicePod(name, [db, { ...cache, ports: [5432] }], []), /both use port 5432/);
});
