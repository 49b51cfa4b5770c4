import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupStepsByJob, jobDurationMs, jobStatus, type GroupableStep } from '../../../../../src/core/views/runs/jobGroups.js';

const st = (step: string, status: string, job?: string, jobKey?: string, extra: Partial<GroupableStep> = {}): GroupableStep => ({ step, status, ...(job ? { job } : {}), ...(jobKey ? { jobKey } : {}), ...extra });

test('(unit) job groups: steps outside jobs stay rows, a matrix job gives one group per job instance in plan order', () => {
  const rows = groupStepsByJob([
    st('prep', 'success'),
    st('build[node=18]', 'success', 'test', 'test[node=18]'),
    st('build[node=20]', 'success', 'test', 'test[node=20]'),
    st('unit[node=18]', 'failed', 'test', 'test[node=18]'),
    st('unit[node=20]', 'running', 'test', 'test[node=20]'),
    st('lint', 'success', 'plain'),
    st('notify', 'skipped'),
  ]);
  assert.deepEqual(
    rows.map((r) => (r.kind === 'step' ? r.step.step : `${r.id}:${r.status}:${r.steps.map((s) => s.step).join('+')}`)),
    ['prep', 'test[node=18]:failed:build[node=18]+unit[node=18]', 'test[node=20]:running:build[node=20]+unit[node=20]', 'plain:success:lint', 'notify'],
  );
  const first = rows[1]!;
  assert.equal(first.kind === 'job' && first.job, 'test');
});

test('(unit) job groups: job status folds its steps', () => {
  assert.equal(jobStatus([st('a', 'success'), st('b', 'queued')]), 'running');
  assert.equal(jobStatus([st('a', 'queued'), st('b', 'queued')]), 'queued');
  assert.equal(jobStatus([st('a', 'success'), st('b', 'skipped')]), 'success');
  assert.equal(jobStatus([st('a', 'skipped'), st('b', 'skipped')]), 'skipped');
  assert.equal(jobStatus([st('a', 'up-to-date'), st('b', 'up-to-date')]), 'up-to-date');
  assert.equal(jobStatus([st('a', 'cancelled'), st('b', 'timed-out')]), 'timed-out');
  assert.equal(jobStatus([st('a', 'failed'), st('b', 'cancelled')]), 'failed');
  assert.equal(jobStatus([st('a', 'interrupted'), st('b', 'success')]), 'interrupted');
  // continueOnError: the step failed, its conclusion is success, so the job did not fail.
  assert.equal(jobStatus([st('a', 'failed', 'j', undefined, { conclusion: 'success' }), st('b', 'success')]), 'success');
});

test('(unit) job groups: a job duration sums its known step durations', () => {
  const [g] = groupStepsByJob([st('a', 'success', 'j', undefined, { durationMs: 100 }), st('b', 'success', 'j', undefined, { durationMs: 50 }), st('c', 'queued', 'j')]);
  assert.equal(g!.kind === 'job' && jobDurationMs(g), 150);
  const [h] = groupStepsByJob([st('a', 'queued', 'k')]);
  assert.equal(h!.kind === 'job' && jobDurationMs(h), undefined);
});
