import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunModel } from '../../../src/vscode/run/RunModel.js';
import { groupStepsByJob } from '../../../src/core/views/runs/jobGroups.js';

test('(unit) run model: live steps carry their job from run-start and group like stored ones', () => {
  const m = new RunModel('r3');
  m.apply({
    runId: 'r3',
    time: 1,
    type: 'run-start',
    pipeline: 'p',
    params: {},
    trigger: 't',
    steps: ['prep', 'unit[node=18]', 'unit[node=20]'],
    jobs: { 'unit[node=18]': { job: 'test', jobKey: 'test[node=18]' }, 'unit[node=20]': { job: 'test', jobKey: 'test[node=20]' } },
  });
  m.apply({ runId: 'r3', time: 2, type: 'step-start', step: 'unit[node=20]', stepId: 'unit', attempt: 1, executor: 'local' });
  assert.equal(m.steps.get('prep')!.job, undefined);
  assert.equal(m.steps.get('unit[node=18]')!.jobKey, 'test[node=18]');
  const rows = groupStepsByJob([...m.steps.values()].map((s) => ({ step: s.key, status: s.status, job: s.job, jobKey: s.jobKey })));
  assert.deepEqual(
    rows.map((r) => (r.kind === 'step' ? r.step.step : `${r.id}:${r.status}`)),
    ['prep', 'test[node=18]:queued', 'test[node=20]:running'],
  );
});
