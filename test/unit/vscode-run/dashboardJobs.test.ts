import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDashboard } from '../../../src/vscode/dashboard/computeDashboard.js';

test('(unit) dashboard: a recent run lists its job instances with their folded status; a run without jobs lists none', () => {
  const now = Date.UTC(2026, 10, 28, 12);
  const d = computeDashboard(
    [
      { runId: 'old', pipeline: 'p', status: 'success', startedAt: now - 2000, durationMs: 5, trigger: 'cli', steps: [{ step: 'a', stepId: 'a', status: 'success', durationMs: 5 }] },
      {
        runId: 'new',
        pipeline: 'p',
        status: 'failed',
        startedAt: now - 1000,
        durationMs: 9,
        trigger: 'cli',
        steps: [
          { step: 'prep', stepId: 'prep', status: 'success', durationMs: 1 },
          { step: 'unit[node=18]', stepId: 'unit', status: 'failed', durationMs: 4, job: 'test', jobKey: 'test[node=18]' },
          { step: 'unit[node=20]', stepId: 'unit', status: 'success', durationMs: 4, job: 'test', jobKey: 'test[node=20]' },
          { step: 'lint', stepId: 'lint', status: 'skipped', job: 'checks' },
        ],
      },
    ],
    { now },
  );
  assert.deepEqual(d.recentRuns[0]!.jobs, [
    { id: 'test[node=18]', status: 'failed' },
    { id: 'test[node=20]', status: 'success' },
    { id: 'checks', status: 'skipped' },
  ]);
  assert.ok(!('jobs' in d.recentRuns[1]!));
});
