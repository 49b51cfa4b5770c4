import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDashboard, type RunRecordLike } from '../../../src/vscode/dashboard/computeDashboard.js';
import { parseFromWebview, parseToWebview } from '../../../webview/shared/messages.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 28, 12);
const run = (i: number, status: string, ms: number, stepAttempt = 1, pipeline = 'demo'): RunRecordLike => ({
  runId: `r${i}`, pipeline, status, startedAt: now - (10 - i) * DAY, durationMs: ms, trigger: 'manual',
  steps: [
    { step: 'build', stepId: 'build', status: 'success', durationMs: ms - 10, attempt: stepAttempt },
    { step: 'test', stepId: 'test', status: status === 'success' ? 'success' : 'failed', durationMs: 10 },
  ],
});

test('(unit) dashboard statistics: success by day, trends, slowest and flaky steps, recent runs', () => {
  const records = [run(1, 'success', 100), run(2, 'failed', 300), run(3, 'success', 200, 2), run(4, 'success', 50, 1, 'other')];
  const d = computeDashboard(records, { now, days: 30 });
  assert.equal(d.successByDay.length, 30);
  assert.deepEqual(d.successByDay.find((b) => b.day === new Date(now - 8 * DAY).toISOString().slice(0, 10)), { day: new Date(now - 8 * DAY).toISOString().slice(0, 10), total: 1, success: 0 });
  assert.deepEqual(d.pipelines, ['demo', 'other']);
  assert.deepEqual(d.durations.demo.map((p) => p.durationMs), [100, 300, 200]);
  assert.equal(d.slowestSteps[0].stepId, 'build');
  assert.equal(d.slowestSteps[0].medianMs, 190);
  // `test` passed, failed, then passed again; `build` passed only after a retry (core's runStatistics).
  assert.deepEqual(d.flakySteps.map((s) => [s.pipeline, s.stepId, s.passedAfterRetry]), [['demo', 'test', 0], ['demo', 'build', 1]]);
  assert.deepEqual(d.recentRuns.map((r) => r.runId), ['r4', 'r3', 'r2', 'r1']);
  assert.deepEqual(d.recentRuns[2].failedSteps, ['test']);
  const only = computeDashboard(records, { now, pipeline: 'other' });
  assert.deepEqual(only.recentRuns.map((r) => r.runId), ['r4']);
  assert.ok(parseToWebview({ type: 'data', data: JSON.parse(JSON.stringify(d)) }));
});

test('(unit) webview messages are validated on arrival', () => {
  assert.deepEqual(parseFromWebview({ type: 'openRun', runId: 'r-1' }), { type: 'openRun', runId: 'r-1' });
  assert.equal(parseFromWebview({ type: 'openRun', runId: '../../x y' }), undefined);
  assert.equal(parseFromWebview({ type: 'runShell', cmd: 'rm' }), undefined);
  assert.equal(parseFromWebview('ready'), undefined);
  assert.deepEqual(parseFromWebview({ type: 'filter', pipeline: null }), { type: 'filter' });
  assert.equal(parseToWebview({ type: 'data', data: { generatedAt: 1 } }), undefined);
});
