// (unit) The Resources panel's model: readings build the history behind each row's sparklines, the view
// carries sorted tables, top-N and figures as text, and a failed reading keeps the last rows with the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourcesModel, type ResourceRow, type ResourcesReading } from '../../../../../src/core/observability/metrics/index.js';
import { TABLE_ROWS } from '../../../../../src/core/observability/metrics/ResourcesModel.js';

const pod = (name: string, cpu: number, mem: number): ResourceRow => ({ key: `pod:ns/${name}`, kind: 'pod', name, namespace: 'ns', cpuMillicores: cpu, memoryBytes: mem });

test('(unit) resources model: history per row, sorted tables, top-N, formatted figures; a failure keeps the rows', async () => {
  const readings: Array<ResourcesReading | Error> = [
    { time: 1000, source: 'kubelet-summary', rows: [pod('a', 100, 2048), pod('b', 300, 1024)] },
    { time: 6000, source: 'kubelet-summary', rows: [pod('a', 150, 4096), pod('b', 250, 1024), { ...pod('a', 120, 4000), key: 'container:ns/a/app', kind: 'container', name: 'app', pod: 'a' }], note: 'Partial: no kubelet Summary from n2' },
    new Error('connect ECONNREFUSED 127.0.0.1:6443'),
  ];
  const model = new ResourcesModel('Namespace ns', async () => {
    const r = readings.shift()!;
    if (r instanceof Error) throw r;
    return r;
  });
  const empty = model.view();
  assert.deepEqual([empty.time, empty.source, empty.pods.length], [0, 'none', 0]);
  const signal = new AbortController().signal;
  await model.poll(signal);
  await model.poll(signal);
  let v = model.view();
  assert.deepEqual(v.pods.map((r) => [r.name, r.cpu, r.memory]), [['b', '250m', '1.0 KiB'], ['a', '150m', '4.0 KiB']]);
  assert.deepEqual(v.pods.find((r) => r.name === 'a')!.cpuSeries, [100, 150]);
  assert.deepEqual(v.pods.find((r) => r.name === 'a')!.memorySeries, [2048, 4096]);
  assert.deepEqual(v.containers.map((r) => [r.pod, r.name]), [['a', 'app']]);
  assert.equal(v.note, 'Partial: no kubelet Summary from n2');
  assert.deepEqual(v.topMemory.map((r) => r.name), ['a', 'b']);
  assert.equal(v.windowMinutes, 15);
  model.sort = { by: 'memory', dir: 'asc' };
  model.topN = 1;
  v = model.view();
  assert.deepEqual(v.pods.map((r) => r.name), ['b', 'a']);
  assert.deepEqual([v.topCpu.map((r) => r.name), v.topN, v.sort], [['b'], 1, { by: 'memory', dir: 'asc' }]);
  await model.poll(signal);
  v = model.view();
  assert.equal(v.error, 'connect ECONNREFUSED 127.0.0.1:6443');
  assert.equal(v.pods.length, 2, 'the last rows stay');
  assert.equal(v.time, 6000);
});

test('(unit) resources model: a reading that ends after the panel stopped polling is not taken', async () => {
  const abort = new AbortController();
  const model = new ResourcesModel('x', async () => {
    abort.abort();
    return { time: 1, source: 'docker', rows: [pod('a', 1, 1)] };
  });
  await model.poll(abort.signal);
  assert.equal(model.view().pods.length, 0);
  assert.equal(model.history.size, 0);
});

test('(unit) resources model: a table sends its first TABLE_ROWS rows in the chosen order and counts the rest', async () => {
  const rows = Array.from({ length: 1000 }, (_, i) => pod(`p${String(i).padStart(4, '0')}`, i, 1000 - i));
  const model = new ResourcesModel('Namespace ns', async () => ({ time: 1, source: 'kubelet-summary', rows }));
  await model.poll(new AbortController().signal);
  let v = model.view();
  assert.equal(v.pods.length, TABLE_ROWS);
  assert.deepEqual(v.omitted, { nodes: 0, pods: 1000 - TABLE_ROWS, containers: 0 });
  assert.equal(v.pods[0]!.name, 'p0999', 'the busiest first (cpu, descending)');
  model.sort = { by: 'cpu', dir: 'asc' };
  v = model.view();
  assert.equal(v.pods[0]!.name, 'p0000', 'sorting again brings the others in');
  // What a 1,000-pod namespace costs per update now (it was about 2.2 MiB with every row sent).
  assert.ok(JSON.stringify(v).length < 300_000, `view of ${JSON.stringify(v).length} bytes`);
  const few = new ResourcesModel('Namespace ns', async () => ({ time: 1, source: 'kubelet-summary', rows: rows.slice(0, 3) }));
  await few.poll(new AbortController().signal);
  assert.equal(few.view().omitted, undefined);
});
