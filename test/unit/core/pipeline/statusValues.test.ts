import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { conclusionOf, normaliseStepStatus, stepResult } from '../../../../src/core/contracts/statusMapping.js';

const diags = (text: string) => parsePipeline(text).diagnostics;

test("(unit) validator: comparing a status with a value it never has is a status-value warning listing the valid values", () => {
  const text = `version: 1
steps:
  build: { type: shell, with: { run: 'true' } }
  deploy: { type: shell, needs: build, if: "steps.build.status == 'failed' || steps.build.outcome != 'timed-out'", with: { run: 'true' } }
finally:
  alert: { type: shell, if: "pipeline.status == 'Failure' || 'succeeded' == pipeline.status", with: { run: 'true' } }
`;
  const d = diags(text).filter((x) => x.code === 'status-value');
  assert.deepEqual(
    d.map((x) => [x.severity, text.slice(x.range.start, x.range.end), x.data?.suggestion]),
    [
      ['warning', "'failed'", 'failure'],
      ['warning', "'timed-out'", 'failure'],
      ['warning', "'succeeded'", undefined],
    ],
  );
  assert.match(d[0]!.message, /steps\.build\.status is never 'failed': expressions see success, failure, cancelled, skipped \(did you mean 'failure'\?\)/);
  assert.equal(diags(text).filter((x) => x.severity === 'error').length, 0, 'outcome and conclusion are known step fields');
});

test('(unit) status mapping: runner states map to GitHub values in one place; stored aliases normalise', () => {
  assert.deepEqual(
    ['success', 'up-to-date', 'failed', 'timed-out', 'cancelled', 'interrupted', 'skipped'].map(conclusionOf),
    ['success', 'success', 'failure', 'failure', 'cancelled', 'cancelled', 'skipped'],
  );
  assert.deepEqual(stepResult('failed', true), { outcome: 'failure', conclusion: 'success' });
  assert.deepEqual(stepResult('timed-out', false), { outcome: 'failure', conclusion: 'failure' });
  assert.equal(normaliseStepStatus('failure'), 'failed');
  assert.equal(normaliseStepStatus('failed'), 'failed');
  assert.equal(normaliseStepStatus('up-to-date'), 'up-to-date');
});
