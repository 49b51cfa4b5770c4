// (integration) Metrics and cluster health on real engines: the kubelet Summary API through the
// apiserver's node proxy for a running pod (the test apiserver serves no metrics.k8s.io), the
// health summary catching a pod that fails its readiness probe, and Docker stats of a busy container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { KubeClient, applyManifests, deleteResource, listResources, parseManifests } from '../../../src/core/clients/kubernetes/index.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { readKubeMetrics, readResources, sampleContainerMetrics } from '../../../src/core/observability/metrics/index.js';
import { healthItems, readClusterHealth } from '../../../src/core/observability/health/index.js';

const ns = uniqueName('obs');

/** Polls `read` until `ok` holds (conditions, not clocks: the deadline only ends a hung test). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, deadlineMs = 120_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`never saw ${what}; last: ${JSON.stringify(last).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function ensureNamespace(kube: KubeClient): Promise<void> {
  await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`));
  await until(() => listResources(kube, 'serviceaccounts', { namespace: ns }), (l) => l.items.some((s) => s.metadata.name === 'default'), 'the default service account');
}

test('(integration) metrics: node CPU and memory from the kubelet Summary API through the node proxy when metrics.k8s.io is not served', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    const m = await until(() => readKubeMetrics(kube), (r) => r.nodes.length > 0 && r.nodes.every((n) => n.cpuMillicores > 0 && n.memoryBytes > 0), 'node usage in the Summary');
    assert.equal(m.source, 'kubelet-summary');
    assert.ok(m.nodes.some((n) => n.name === 'localhost'), JSON.stringify(m.nodes));
    assert.ok(!m.note || /^Partial/.test(m.note), m.note);
    const ns1 = await readKubeMetrics(kube, { namespace: `${ns}-none` });
    assert.deepEqual(ns1.pods, [], 'a namespace filter keeps only its pods');
  } finally {
    kube.dispose();
  }
});

test('(integration) metrics: a running pod\'s CPU and memory from the kubelet Summary API, and the Resources readings of its Deployment and node', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const podNs = uniqueName('obs-pod');
  const kube = KubeClient.load({ namespace: podNs });
  try {
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${podNs} }\n`));
    await until(() => listResources(kube, 'serviceaccounts', { namespace: podNs }), (l) => l.items.some((s) => s.metadata.name === 'default'), 'the default service account');
    await applyManifests(kube, parseManifests(`apiVersion: apps/v1
kind: Deployment
metadata: { name: spin, namespace: ${podNs} }
spec:
  replicas: 1
  selector: { matchLabels: { app: spin } }
  template:
    metadata: { labels: { app: spin } }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: cpu
          image: ${busyboxImage()}
          imagePullPolicy: Never
          command: [sh, -c, 'while :; do :; done']
`));
    const m = await until(
      () => readKubeMetrics(kube, { namespace: podNs }),
      (r) => r.pods.some((p) => p.name.startsWith('spin-') && p.cpuMillicores > 50 && p.memoryBytes > 0),
      'the busy pod in the Summary',
    );
    assert.equal(m.source, 'kubelet-summary');
    assert.ok(m.pods.every((p) => p.namespace === podNs), 'only pods of the namespace');
    const pod = m.pods.find((p) => p.name.startsWith('spin-'))!;
    assert.deepEqual(pod.containers.map((c) => c.name), ['cpu']);
    assert.equal(pod.cpuMillicores, pod.containers[0]!.cpuMillicores);

    const clients = { kube: () => kube, docker: () => assert.fail('no Docker for a cluster target') };
    const w = await readResources({ kind: 'workload', context: '', namespace: podNs, workloadKind: 'Deployment', name: 'spin' }, clients);
    assert.deepEqual(w.rows.map((r) => r.key).sort(), [`container:${podNs}/${pod.name}/cpu`, `pod:${podNs}/${pod.name}`]);
    const n = await readResources({ kind: 'node', context: '', node: 'localhost' }, clients);
    assert.ok(n.rows.some((r) => r.key === 'node:localhost' && r.cpuMillicores > 0), JSON.stringify(n.rows.slice(0, 3)));
    assert.ok(n.rows.some((r) => r.key === `pod:${podNs}/${pod.name}`), 'the node lists the pod scheduled on it');
  } finally {
    await deleteResource(kube, 'Namespace', podNs).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) cluster health: a Deployment whose pod fails its readiness probe shows not ready with probe failures and a link to it', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    await ensureNamespace(kube);
    await applyManifests(kube, parseManifests(`apiVersion: apps/v1
kind: Deployment
metadata: { name: never-ready, namespace: ${ns} }
spec:
  replicas: 1
  selector: { matchLabels: { app: never-ready } }
  template:
    metadata: { labels: { app: never-ready } }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: app
          image: ${busyboxImage()}
          imagePullPolicy: Never
          command: [sleep, '3600']
          readinessProbe:
            exec: { command: ['false'] }
            periodSeconds: 1
            failureThreshold: 1
`));
    const h = await until(
      () => readClusterHealth(kube, { namespace: ns }),
      (r) => r.workloads.some((w) => w.ref.name === 'never-ready' && w.probeFailures > 0),
      'readiness probe failures on the Deployment',
    );
    assert.equal(h.nodes.total, h.nodes.ready + h.nodes.notReady.length);
    assert.ok(h.nodes.ready >= 1);
    const w = h.workloads.find((x) => x.ref.name === 'never-ready')!;
    assert.deepEqual(w.ref, { kind: 'Deployment', namespace: ns, name: 'never-ready' });
    assert.equal(w.ready, '0/1');
    assert.equal(w.healthy, false);
    assert.equal(w.rolloutDone, false);
    assert.match(w.lastProbeFailure ?? '', /^Readiness probe failed/);
    assert.ok(h.warnings.some((e) => e.reason === 'Unhealthy' && e.ref.kind === 'Pod' && e.ref.name.startsWith('never-ready-')), JSON.stringify(h.warnings));
    const item = healthItems(h).find((i) => i.section === 'Workloads' && i.ref?.name === 'never-ready')!;
    assert.equal(item.ok, false);
    assert.match(item.description, /ready 0\/1 · rolling out · \d+ probe failure\(s\)/);
  } finally {
    await deleteResource(kube, 'Deployment', 'never-ready', ns).catch(() => undefined);
    await deleteResource(kube, 'Namespace', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) metrics: Docker stats of a busy container (CPU, memory, network, block IO), and the Resources reading of it', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const name = uniqueName('obs-busy');
  let id = '';
  try {
    id = await docker.createContainer({ name, Image: busyboxImage(), Cmd: ['sh', '-c', 'dd if=/dev/zero of=/tmp/fill bs=1M count=8 2>/dev/null; sync; while :; do :; done'] });
    await docker.startContainer(id);
    const [r] = await until(() => sampleContainerMetrics(docker, [id]), (x) => 'sample' in x[0]! && x[0].sample.cpuPercent > 1 && x[0].sample.memoryBytes > 0, 'CPU use of the busy container');
    assert.ok(r && 'sample' in r);
    const s = r.sample;
    assert.ok(s.memoryLimitBytes > 0);
    assert.ok(s.pids >= 1);
    assert.ok(s.netRxBytes >= 0 && s.netTxBytes >= 0 && s.blockReadBytes >= 0 && s.blockWriteBytes >= 0);
    const [gone] = await sampleContainerMetrics(docker, ['no-such-container-' + name]);
    assert.ok(gone && 'error' in gone, 'a missing container gives an error, not a throw');
    // The Resources panel's reading of containers: CPU as millicores, a container without figures named in the note.
    const reading = await readResources({ kind: 'containers', containers: [{ id, name }, { id: `no-such-${name}`, name: 'gone' }] }, { kube: () => assert.fail('no cluster for containers'), docker: () => docker });
    assert.equal(reading.source, 'docker');
    assert.deepEqual(reading.rows.map((r) => [r.key, r.kind, r.name]), [[`docker:${id}`, 'container', name]]);
    assert.ok(reading.rows[0]!.cpuMillicores > 10 && reading.rows[0]!.memoryBytes > 0, JSON.stringify(reading.rows));
    assert.match(reading.note ?? '', /^No figures for gone: /);
  } finally {
    if (id) await docker.removeContainer(id, { force: true }).catch(() => undefined);
  }
});
