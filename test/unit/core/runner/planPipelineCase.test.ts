// `ansflow plan` leaves expressions that need run-time values (steps, secrets, run, pipeline,
// status functions) unevaluated. Expression names are case-insensitive, so `Steps.x` or
// `SUCCESS()` must be recognised as run-time too, not evaluated as empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPipeline } from '../../../../src/core/runner/planPipeline.js';
import { pipeline, step } from './helpers/pipelines.js';

function planWith(value: string): unknown {
  const p = pipeline([step('a', { with: { run: value } })], { params: [], env: { NAME: 'demo' } }).pipeline;
  return planPipeline(p, {}, new Map()).steps[0]!.with.run;
}

test('(unit) plan: run-time roots and status functions are left as written whatever their case', () => {
  for (const expr of ['${{ Steps.build.outputs.tag }}', '${{ SECRETS.token }}', '${{ Run.id }}', '${{ PIPELINE.status }}', '${{ Success() }}', '${{ ALWAYS() }}', "${{ format('{0}', steps.a.outputs.x) }}"])
    assert.equal(planWith(`echo ${expr}`), `echo ${expr}`, expr);
});

test('(unit) plan: known values are still evaluated, including a word like "steps" inside a string', () => {
  assert.equal(planWith('echo ${{ ENV.NAME }}'), 'echo demo');
  assert.equal(planWith("echo ${{ format('{0} steps', env.NAME) }}"), 'echo demo steps');
});
