// (unit) The Resources panel's in-memory usage history: a window of points per row, stale rows dropped,
// readings out of order ignored, and sparkline downsampling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample, UsageHistory } from '../../../../../src/core/observability/metrics/index.js';

const row = (key: string, cpu: number) => ({ key, cpuMillicores: cpu, memoryBytes: cpu * 1000 });

test('(unit) usage history keeps each row\'s points within the window and drops rows gone for a whole window', () => {
  const h = new UsageHistory(60_000);
  h.add(0, [row('pod:a/x', 1), row('pod:a/y', 5)]);
  h.add(30_000, [row('pod:a/x', 2)]);
  h.add(60_000, [row('pod:a/x', 3)]);
  assert.deepEqual(h.series('pod:a/x').map((p) => p.cpuMillicores), [1, 2, 3]);
  h.add(61_000, [row('pod:a/x', 4)]);
  assert.deepEqual(h.series('pod:a/x').map((p) => p.t), [30_000, 60_000, 61_000], 'the point older than the window is gone');
  assert.deepEqual(h.series('pod:a/y'), [], 'a row not seen for a window is dropped');
  assert.equal(h.size, 1);
  assert.equal(h.series('pod:a/x')[2]!.memoryBytes, 4000);
});

test('(unit) usage history keeps the last 15 minutes by default', () => {
  const h = new UsageHistory();
  h.add(0, [row('node:n', 1)]);
  h.add(15 * 60_000, [row('node:n', 2)]);
  assert.deepEqual(h.series('node:n').map((p) => p.cpuMillicores), [1, 2], 'a point exactly 15 minutes old stays');
  h.add(15 * 60_000 + 1, [row('node:n', 3)]);
  assert.deepEqual(h.series('node:n').map((p) => p.cpuMillicores), [2, 3]);
});

test('(unit) usage history ignores a reading older than the last one of a row', () => {
  const h = new UsageHistory();
  h.add(2000, [row('node:n', 2)]);
  h.add(1000, [row('node:n', 1)]);
  h.add(2000, [row('node:n', 9)]);
  assert.deepEqual(h.series('node:n').map((p) => p.cpuMillicores), [2]);
});

test('(unit) downsample keeps at most max values, the newest of each bucket, and the last point', () => {
  const pts = Array.from({ length: 180 }, (_, i) => ({ t: i, cpuMillicores: i, memoryBytes: 0 }));
  const d = downsample(pts, (p) => p.cpuMillicores, 60);
  assert.equal(d.length, 60);
  assert.equal(d[0], 2);
  assert.equal(d[59], 179);
  assert.deepEqual(downsample(pts.slice(0, 3), (p) => p.cpuMillicores, 60), [0, 1, 2]);
});
