import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunModel } from '../../../src/vscode/run/RunModel.js';
import { scriptedRun } from './events.js';

test('(unit) run model folds events into step state, logs and failures', () => {
  const m = new RunModel('r1');
  for (const e of scriptedRun()) m.apply(e);
  assert.equal(m.status, 'failed');
  assert.equal(m.pipeline, 'demo');
  assert.equal(m.file, '/w/demo.ansflow.yaml');
  assert.deepEqual([...m.steps.keys()], ['build', 'test']);
  assert.equal(m.steps.get('build')!.attempt, 2);
  assert.equal(m.steps.get('build')!.log, 'compiling\ndone\n--- attempt 2 ---\n');
  assert.equal(m.steps.get('test')!.exitCode, 2);
  assert.deepEqual(m.failedStepIds(), ['test']);
});

test('(unit) run model lists what follows a waiting approval', () => {
  const m = new RunModel('r2');
  m.apply({ runId: 'r2', time: 1, type: 'run-start', pipeline: 'p', params: {}, trigger: 't', steps: ['build', 'approve', 'deploy[env=a]', 'deploy[env=b]'] });
  m.apply({ runId: 'r2', time: 2, type: 'step-end', step: 'build', stepId: 'build', status: 'success', attempt: 1, durationMs: 1 });
  m.apply({ runId: 'r2', time: 3, type: 'approval-requested', step: 'approve', message: 'Ship?', approvers: [] });
  assert.deepEqual(m.pendingAfter('approve'), ['deploy[env=a]', 'deploy[env=b]']);
  assert.equal(m.steps.get('deploy[env=a]')!.stepId, 'deploy');
  m.apply({ runId: 'r2', time: 4, type: 'approval-resolved', step: 'approve', decision: 'rejected', by: 'ann' });
  assert.deepEqual(m.steps.get('approve')!.approval, { message: 'Ship?', approvers: [], decision: 'rejected', by: 'ann', at: 4 });
});
