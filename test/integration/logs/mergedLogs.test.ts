// (integration) The merged log view's engine on real streams: a Deployment's pods followed across a
// rollout restart on the test kubelet, a pod's stream cut under it (reopened with sinceTime), and several
// containers of the test dockerd, one of which has its log stream cut under it and is reopened from the
// last line's second without loss or repeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { KubeClient, applyManifests, parseManifests, listResources, rolloutRestart, streamPodLogs } from '../../../src/core/clients/kubernetes/index.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { startDockerSocketRelay } from '../docker/dockerSocketRelay.js';
import { startKubeApiRelay } from './kubeApiRelay.js';
import { LogMerger, followPods, workloadPods, dockerContainerSource, type LogLine } from '../../../src/core/logs/index.js';
import { DISPOSABLE, deployment, manifestText } from '../../helpers/kubePods.mjs';

// Each container prints `tick <n> <host>` five times a second, so gaps and repeats show as numbers.
const TICKER = 'i=0; while true; do echo "tick $i $(hostname)"; i=$((i+1)); sleep 0.2; done';

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

/** Asserts each source's ticks run without gaps or repeats, and returns them per source label. */
function ticksBySource(merger: LogMerger, lines: LogLine[]): Map<string, number[]> {
  const labels = new Map(merger.sources().map((s) => [s.id, s.label]));
  const by = new Map<string, number[]>();
  for (const l of lines) {
    const m = /^tick (\d+) /.exec(l.text);
    if (!m) continue;
    const label = labels.get(l.source)!;
    by.set(label, [...(by.get(label) ?? []), Number(m[1])]);
  }
  for (const [label, ticks] of by) {
    for (let i = 1; i < ticks.length; i++) assert.equal(ticks[i], ticks[i - 1] + 1, `${label}: tick ${ticks[i - 1]} then ${ticks[i]}`);
  }
  return by;
}


/** Everything in the merger's ring so far, marked read (as the view does after drawing it). */
function readAll(merger: LogMerger) {
  const lines = merger.ring.all();
  if (lines.length) merger.markRead(lines.at(-1)!.seq);
  return lines;
}

test('(integration) merged logs follow a Deployment\'s pods across a rollout restart: new pod joins, old one ends, no line lost or repeated', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = uniqueName('logs');
  const kube = KubeClient.load({ namespace: ns });
  const merger = new LogMerger({ windowMs: 300 });
  t.after(async () => {
    merger.dispose();
    await kube.request('DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
    kube.dispose();
  });
  await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`));
  await until('the default service account', async () => (await listResources(kube, 'serviceaccounts', { namespace: ns })).items.some((s) => s.metadata.name === 'default'));
  await applyManifests(kube, parseManifests(manifestText(deployment({ name: 'ticker', namespace: ns }, { replicas: 1, ...DISPOSABLE, containers: [{ name: 'ticker', command: ['sh', '-c', TICKER] }] }))));

  const follow = followPods(kube, await workloadPods(kube, 'deployments', 'ticker', ns), merger, { backoffMs: 100 });
  t.after(() => follow.dispose());
  await follow.ready();
  const read = () => readAll(merger);
  await until('ticks from the first pod', () => [...ticksBySource(merger, read()).values()].some((v) => v.length >= 5));
  const [first] = [...ticksBySource(merger, read()).keys()];

  await rolloutRestart(kube, 'deployments', 'ticker', ns);
  await until('ticks from the pod that replaced it', () => [...ticksBySource(merger, read()).entries()].some(([label, v]) => label !== first && v.length >= 5));
  await until('the old pod\'s source ended', () => merger.sources().find((s) => s.label === first)?.state === 'ended');
  const lines = read();
  const by = ticksBySource(merger, lines);
  assert.equal(by.size, 2, [...by.keys()].join(', '));
  assert.equal(by.get(first)![0], 0, 'the first pod from its first line');
  const second = [...by.keys()].find((k) => k !== first)!;
  assert.equal(by.get(second)![0], 0, 'the new pod from its first line');
  assert.ok(lines.every((l) => l.ts && l.t > 0), 'every line carries the API timestamp');
  assert.equal(merger.stats().dropped, 0);
});

test('(integration) merged logs: a pod\'s log stream cut while the pod runs reopens with sinceTime, no line lost or repeated', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = uniqueName('logs-cut');
  const direct = KubeClient.load({ namespace: ns });
  // The merger's client goes through a relay whose connections the test cuts; the apiserver stays up.
  const relay = await startKubeApiRelay('logs-kube-');
  const kube = KubeClient.load({ kubeconfig: relay.kubeconfig, namespace: ns });
  const merger = new LogMerger({ windowMs: 300 });
  t.after(async () => {
    merger.dispose();
    kube.dispose();
    await relay.close();
    await direct.request('DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
    direct.dispose();
  });
  await applyManifests(direct, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`));
  await until('the default service account', async () => (await listResources(direct, 'serviceaccounts', { namespace: ns })).items.some((s) => s.metadata.name === 'default'));
  await applyManifests(direct, parseManifests(manifestText(deployment({ name: 'ticker', namespace: ns }, { replicas: 1, ...DISPOSABLE, containers: [{ name: 'ticker', command: ['sh', '-c', TICKER] }] }))));

  // One line of history per open: a reopen that asked for a tail instead of sinceTime would lose what the cut hid.
  const follow = followPods(kube, await workloadPods(direct, 'deployments', 'ticker', ns), merger, { backoffMs: 100, tailLines: 1 });
  t.after(() => follow.dispose());
  await follow.ready();
  const read = () => readAll(merger);
  const lastTick = () => Math.max(-1, ...[...ticksBySource(merger, read()).values()].map((v) => v.at(-1)!));
  await until('ticks through the relay', () => lastTick() >= 5);
  const [source] = merger.sources();
  const pod = source!.label;
  const reconnecting = new Set<string>();
  merger.onDidChangeSources(() => merger.sources().forEach((s) => s.state === 'reconnecting' && reconnecting.add(s.label)));

  const before = lastTick();
  relay.cut();
  // The pod keeps printing while the merger cannot reach the apiserver: read its newest line directly.
  const newestDirect = async () => {
    let n = -1;
    for await (const l of streamPodLogs(direct, ns, pod, { tailLines: 1 })) n = Number(/tick (\d+)/.exec(l)?.[1] ?? n);
    return n;
  };
  await until('the source reconnecting and the pod five lines on', async () => reconnecting.has(pod) && (await newestDirect()) >= before + 5);
  relay.release();
  await until('ticks well after the cut', () => lastTick() >= before + 20);
  const by = ticksBySource(merger, read());
  assert.deepEqual([...by.keys()], [pod]);
  assert.ok(relay.refused > 0, 'the merger tried to reopen while cut off');
  assert.equal(merger.sources()[0]!.state, 'following');
  assert.equal(merger.stats().dropped, 0);
});

test('(integration) merged logs of several Docker containers in time order; a cut stream reconnects from the last second without loss or repeats', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const direct = DockerClient.connect();
  // A socket in front of the test dockerd's: destroying its open connections drops the log streams
  // (the engine stays up, so the source sees the container still running and reopens).
  const relay = await startDockerSocketRelay('logs-sock-');
  const viaFront = relay.client();
  const merger = new LogMerger({ windowMs: 1000 });
  const ids: string[] = [];
  t.after(async () => {
    merger.dispose();
    await relay.close();
    for (const id of ids) await direct.removeContainer(id, { force: true }).catch(() => undefined);
  });
  const names = [0, 1, 2].map(() => uniqueName('logs-c'));
  for (const name of names) {
    const id = await direct.createContainer({ name, Image: busyboxImage(), Cmd: ['sh', '-c', TICKER] });
    ids.push(id);
    await direct.startContainer(id);
  }
  names.forEach((name, i) => merger.add(dockerContainerSource(viaFront, ids[i], name, { backoffMs: 100 })));
  const read = () => readAll(merger);
  await until('ticks from all three', () => names.every((n) => (ticksBySource(merger, read()).get(n)?.length ?? 0) >= 5));

  const before = ticksBySource(merger, read()).get(names[0])!.at(-1)!;
  const reconnected = new Set<string>();
  merger.onDidChangeSources(() => merger.sources().forEach((s) => s.state === 'reconnecting' && reconnected.add(s.label)));
  relay.dropConnections();
  await until('every stream reported reconnecting', () => reconnected.size === names.length);
  await until('ticks well after the cut from every container', () => names.every((n) => (ticksBySource(merger, read()).get(n)?.at(-1) ?? 0) >= before + 15));
  const lines = read();
  const by = ticksBySource(merger, lines);
  for (const n of names) assert.equal(by.get(n)![0], 0, `${n} from its first line`);
  for (let i = 1; i < lines.length; i++) assert.ok(lines[i].t >= lines[i - 1].t, `in time order at ${i}: ${lines[i - 1].ts} then ${lines[i].ts}`);
  assert.ok(merger.sources().every((s) => s.state === 'following'), JSON.stringify(merger.sources()));
});
