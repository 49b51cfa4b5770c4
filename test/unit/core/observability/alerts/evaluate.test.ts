import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helmReleaseFailed, memoryOverLimit, nodeNotReady, RestartCounter, runFailed, slowerThanP95 } from '../../../../../src/core/observability/alerts/index.js';
import type { KubeObject } from '../../../../../src/core/clients/kubernetes/types.js';

const pod = (restarts: number, created = '2026-01-01T00:00:00Z'): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', creationTimestamp: created }, status: { containerStatuses: [{ name: 'c', restartCount: restarts }] } }) as KubeObject;

test('(unit) alerts: restart counter counts only restarts seen inside the window', () => {
  const t0 = Date.parse('2026-06-01T00:00:00Z');
  const c = new RestartCounter(600_000);
  assert.equal(c.observe(pod(7), t0), 0, 'an old pod: its earlier restarts only set the baseline');
  assert.equal(c.observe(pod(8), t0 + 1000), 1);
  assert.equal(c.observe(pod(10), t0 + 2000), 3);
  assert.equal(c.observe(pod(10), t0 + 601_500), 2, 'the first restart left the window');
  assert.equal(c.observe(pod(10), t0 + 700_000), 0);
});

test('(unit) alerts: a pod created inside the window counts the restarts it already has', () => {
  const now = Date.parse('2026-06-01T00:05:00Z');
  const c = new RestartCounter(600_000);
  assert.equal(c.observe(pod(2, '2026-06-01T00:00:00Z'), now), 2);
  c.forget(pod(2));
  assert.equal(c.observe(pod(2, '2026-05-01T00:00:00Z'), now), 0, 'forgotten, so seen afresh');
});

test('(unit) alerts: memory over a share of the limit, none without a limit', () => {
  assert.equal(memoryOverLimit({ memoryBytes: 95, memoryLimitBytes: 100 }, 90), 95);
  assert.equal(memoryOverLimit({ memoryBytes: 80, memoryLimitBytes: 100 }, 90), undefined);
  assert.equal(memoryOverLimit({ memoryBytes: 80, memoryLimitBytes: 0 }, 10), undefined);
});

test('(unit) alerts: node not ready reads the Ready condition', () => {
  const node = (conditions: unknown[]) => ({ metadata: { name: 'n' }, status: { conditions } }) as unknown as KubeObject;
  assert.equal(nodeNotReady(node([{ type: 'Ready', status: 'True' }])), undefined);
  assert.equal(nodeNotReady(node([{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'PLEG' }])), 'KubeletNotReady: PLEG');
  assert.equal(nodeNotReady(node([{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }])), 'NodeStatusUnknown');
  assert.equal(nodeNotReady(node([])), 'no Ready condition reported');
});

test('(unit) alerts: run failed (timed-out too), not cancelled or success', () => {
  assert.equal(runFailed('failed'), true);
  assert.equal(runFailed('timed-out'), true);
  assert.equal(runFailed('cancelled'), false);
  assert.equal(runFailed('success'), false);
});

test('(unit) alerts: slower than the p95 of earlier runs, only with enough of them', () => {
  const earlier = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 100];
  assert.equal(slowerThanP95(40, earlier, 5), 28, 'nearest-rank p95 of 20 samples is the 19th');
  assert.equal(slowerThanP95(28, earlier, 5), undefined);
  assert.equal(slowerThanP95(1000, [1, 2], 5), undefined);
});

test('(unit) alerts: Helm release failed', () => {
  assert.equal(helmReleaseFailed('failed'), true);
  assert.equal(helmReleaseFailed('deployed'), false);
});
