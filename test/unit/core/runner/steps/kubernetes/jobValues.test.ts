import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobSpecFromWith, jobStep } from '../../../../../../src/core/runner/steps/kubernetes/jobStep.js';
import { evaluateExpression, type ExpressionContext } from '../../../../../../src/core/pipeline/index.js';

const expr: ExpressionContext = { params: { v: 'x; touch /tmp/marker' }, env: {}, secrets: {}, steps: {}, matrix: {}, run: { id: 'r' }, pipeline: { status: 'running', name: 'p' }, state: { failed: false, cancelled: false } };
const evaluate = (s: string) => evaluateExpression(s, expr);
const base = { runId: 'r', stepId: 'job', evaluate };

test('(unit) kubernetes.job: values in script and command reach the pod shell as variables, never as code', () => {
  assert.equal(jobStep.withValues?.script, 'raw');
  const s = jobSpecFromWith({ ...base, with: { image: 'busybox', env: { A: 'b' }, script: 'echo ${{ params.v }}\necho "in ${{ params.v }}"' } }, 'ns');
  assert.equal(s.files?.script, 'echo "${ANSFLOW_VALUE_0}"\necho "in ${ANSFLOW_VALUE_0}"');
  assert.deepEqual(s.env, { A: 'b', ANSFLOW_VALUE_0: 'x; touch /tmp/marker' });
  const c = jobSpecFromWith({ ...base, with: { image: 'busybox', command: "echo '${{ params.v }}'" } }, 'ns');
  assert.deepEqual(c.command, ['/bin/sh', '-c', `echo ''"\${ANSFLOW_VALUE_0}"''`]);
  assert.deepEqual(c.env, { ANSFLOW_VALUE_0: 'x; touch /tmp/marker' });
  // A list command is argv: one argument per item.
  assert.deepEqual(jobSpecFromWith({ ...base, with: { image: 'b', command: ['echo', '${{ params.v }}'] } }, 'ns').command, ['echo', 'x; touch /tmp/marker']);
  assert.throws(() => jobSpecFromWith({ ...base, with: { image: 'b', script: "sh -c 'echo ${{ params.v }}'" } }, 'ns'), /with\.script: /);
});
