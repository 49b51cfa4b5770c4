// (unit) The live Containers model over a scripted engine: events reload only the lists they touch
// (debounced), a closed events stream or a failing engine shows the error and reconnects, stats streams
// run only for the targets. The same model runs against the real dockerd in
// test/integration/docker/containersModel.test.ts; this double exists because an engine restart and a
// hanging events stream cannot be made to happen on demand there. Tests wait on conditions, not clocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainersModel, kindsForEvent, type ContainersSource } from '../../../../../src/core/views/containers/ContainersModel.js';
import type { DockerSnapshot } from '../../../../../src/core/views/containers/containersTree.js';
import type { DockerEvent } from '../../../../../src/core/clients/docker/DockerClient.js';
import type { ContainerStatsSample } from '../../../../../src/core/clients/docker/containerStats.js';
import { ToolError } from '../../../../../src/core/contracts/result.js';

const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'snapshot.json'), 'utf8')) as DockerSnapshot;

async function until(what: string, cond: () => boolean, limitMs = 5000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An engine whose lists, events and stats the test drives; counts what the model asked for. */
class ScriptedEngine implements ContainersSource {
  snapshot: DockerSnapshot = structuredClone(recorded);
  up = true;
  calls: Record<string, number> = { containers: 0, images: 0, volumes: 0, networks: 0, events: 0 };
  statsOpen = new Set<string>();
  samples = 0;
  flatStats = false;
  private push: ((ev: DockerEvent | 'end') => void) | undefined;

  private list<T>(k: keyof DockerSnapshot): Promise<T> {
    this.calls[k]++;
    return this.up ? Promise.resolve(structuredClone(this.snapshot[k]) as T) : Promise.reject(new ToolError('engine-unreachable', 'No Docker engine answered at unix:///x.sock', 'Start Docker'));
  }
  listContainers = () => this.list<DockerSnapshot['containers']>('containers');
  listImages = () => this.list<DockerSnapshot['images']>('images');
  listVolumes = () => this.list<DockerSnapshot['volumes']>('volumes');
  listNetworks = () => this.list<DockerSnapshot['networks']>('networks');

  get subscribed(): boolean {
    return !!this.push;
  }
  emit(Type: string, Action: string): void {
    this.push?.({ Type, Action, Actor: { ID: 'x', Attributes: {} }, time: 0, timeNano: 0 });
  }
  /** The engine stops: the events stream ends and lists fail until it is back. */
  stop(): void {
    this.up = false;
    this.push?.('end');
  }

  async *events(o: { signal?: AbortSignal }): AsyncGenerator<DockerEvent> {
    this.calls.events++;
    if (!this.up) throw new ToolError('engine-unreachable', 'No Docker engine answered at unix:///x.sock');
    const queue: Array<DockerEvent | 'end'> = [];
    let wake: (() => void) | undefined;
    this.push = (ev) => {
      queue.push(ev);
      wake?.();
    };
    o.signal?.addEventListener('abort', () => this.push?.('end'));
    try {
      for (;;) {
        while (!queue.length) await new Promise<void>((r) => (wake = r));
        const ev = queue.shift()!;
        if (ev === 'end') return;
        yield ev;
      }
    } finally {
      this.push = undefined;
    }
  }

  async *stats(id: string, signal?: AbortSignal): AsyncGenerator<ContainerStatsSample> {
    this.statsOpen.add(id);
    try {
      let n = 0;
      while (!signal?.aborted) {
        this.samples++;
        yield { time: '', cpuPercent: 50, memoryBytes: this.flatStats ? 3_000_000 : 2_000_000 + n++, memoryLimitBytes: 0, memoryPercent: 0, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0, pids: 1 };
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      this.statsOpen.delete(id);
    }
  }
}

const fast = { debounceMs: 20, pollMs: 60_000, reconnectMinMs: 10, reconnectMaxMs: 40, statsIntervalMs: 10 };

test('(unit) containers model: first load, then a container event reloads only containers, debounced', async (t) => {
  const engine = new ScriptedEngine();
  const model = new ContainersModel(engine, fast);
  t.after(() => model.dispose());
  assert.equal(model.tree()[0].label, 'Connecting to the Docker engine…');
  let changes = 0;
  model.onDidChange(() => changes++);
  model.start();
  await until('connected and subscribed', () => model.state === 'connected' && engine.subscribed);
  assert.deepEqual(model.tree().map((n) => n.label), ['Containers', 'Images', 'Volumes', 'Networks']);
  const before = { ...engine.calls };

  const removed = engine.snapshot.containers.find((c) => c.Names[0] === '/solo')!;
  engine.snapshot.containers = engine.snapshot.containers.filter((c) => c !== removed);
  const gen = model.generation;
  engine.emit('container', 'kill');
  engine.emit('container', 'die');
  engine.emit('container', 'destroy');
  engine.emit('container', 'exec_start: sh');
  await until('reloaded', () => model.generation > gen);
  assert.equal(engine.calls.containers, before.containers + 1, 'three events, one reload');
  assert.equal(engine.calls.networks, before.networks, 'networks untouched by container events');
  assert.equal(engine.calls.volumes, before.volumes + 1, 'destroy may remove anonymous volumes');
  assert.ok(!JSON.stringify(model.tree()).includes('"solo"'));
  assert.ok(changes >= 2);
});

test('(unit) containers model: event kinds — exec, mounts and network connects are quiet', () => {
  assert.deepEqual(kindsForEvent({ Type: 'container', Action: 'start' }), ['containers']);
  assert.deepEqual(kindsForEvent({ Type: 'container', Action: 'exec_create: sh -c ls' }), []);
  assert.deepEqual(kindsForEvent({ Type: 'container', Action: 'health_status: healthy' }), ['containers']);
  assert.deepEqual(kindsForEvent({ Type: 'container', Action: 'commit' }), ['containers', 'images']);
  assert.deepEqual(kindsForEvent({ Type: 'image', Action: 'tag' }), ['images']);
  assert.deepEqual(kindsForEvent({ Type: 'volume', Action: 'mount' }), []);
  assert.deepEqual(kindsForEvent({ Type: 'network', Action: 'connect' }), []);
  assert.deepEqual(kindsForEvent({ Type: 'network', Action: 'create' }), ['networks']);
  assert.deepEqual(kindsForEvent({ Type: 'daemon', Action: 'reload' }), []);
});

test('(unit) containers model: the engine stops (events stream ends) → error row with the hint; it comes back → reconnected and reloaded', async (t) => {
  const engine = new ScriptedEngine();
  const model = new ContainersModel(engine, fast);
  t.after(() => model.dispose());
  model.start();
  await until('connected', () => model.state === 'connected' && engine.subscribed);
  engine.stop();
  await until('disconnected with the list error', () => model.state === 'disconnected' && /No Docker engine answered/.test(model.error?.message ?? ''));
  const row = model.tree()[0];
  assert.equal(row.data.kind, 'message');
  assert.equal(row.description, 'Start Docker');
  const attempts = engine.calls.events;
  engine.snapshot.volumes = [];
  engine.up = true;
  await until('reconnected and resubscribed', () => model.state === 'connected' && engine.subscribed && engine.calls.events > attempts);
  assert.equal(model.tree()[2].description, '0', 'lists reloaded after the restart');
});

test('(unit) containers model: an engine that is down at start keeps retrying and connects when it comes up', async (t) => {
  const engine = new ScriptedEngine();
  engine.up = false;
  const model = new ContainersModel(engine, fast);
  t.after(() => model.dispose());
  model.start();
  await until('a few failed attempts', () => engine.calls.containers >= 3);
  assert.equal(model.state, 'disconnected');
  engine.up = true;
  await until('connected', () => model.state === 'connected');
});

test('(unit) containers model: stats streams run only for the targets, figures reach the rows, and stop on dispose', async () => {
  const engine = new ScriptedEngine();
  const model = new ContainersModel(engine, { ...fast, maxStatsStreams: 2 });
  model.start();
  await until('connected', () => model.state === 'connected');
  const running = engine.snapshot.containers.filter((c) => c.State === 'running').map((c) => c.Id);
  model.setStatsTargets([...running, 'a', 'b']);
  assert.equal(model.statsTargets().length, 2, 'capped');
  await until('figures in the description', () => /CPU 50\.0% · MEM 2MB/.test(JSON.stringify(model.tree())));
  // figures that read the same cause no repaint
  let repaints = 0;
  model.onDidChange(() => repaints++);
  engine.flatStats = true;
  await until('a flat sample', () => /MEM 3MB/.test(JSON.stringify(model.tree())));
  const settledAt = repaints;
  const samplesBefore = engine.samples;
  await until('more samples', () => engine.samples > samplesBefore + 20);
  assert.ok(repaints <= settledAt + 1, `repainted ${repaints - settledAt} times for unchanged figures`);
  model.setStatsTargets([running[0]]);
  await until('the other stream closed', () => engine.statsOpen.size === 1);
  model.dispose();
  await until('all streams closed', () => engine.statsOpen.size === 0);
  assert.equal(engine.subscribed, false, 'events stream closed');
});
