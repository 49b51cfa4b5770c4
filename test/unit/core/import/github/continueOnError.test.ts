// GitHub's `continue-on-error:` as the importer maps it: literals, expressions (translated), and
// what it cannot translate (a warning and a comment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importCi } from '../../../../../src/core/import/index.js';

function importWorkflow(jobs: string) {
  const result = importCi('ci.yml', `on: push\njobs:\n${jobs}`);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  const steps = (result.draft.pipeline.jobs as Record<string, { steps: Record<string, Record<string, unknown>> }>).check!.steps;
  return { step: Object.values(steps)[0]!, warnings: result.draft.warnings.map((w) => w.message) };
}

test('(unit) github import: continue-on-error ${{ matrix.x }} on a job becomes continueOnError with the translated expression, no warning', () => {
  const { step, warnings } = importWorkflow(`  check:
    runs-on: ubuntu-latest
    continue-on-error: \${{ matrix.experimental }}
    strategy: { matrix: { experimental: [false, true] } }
    steps:
      - run: make check
`);
  assert.equal(step.continueOnError, '${{ matrix.experimental }}');
  assert.deepEqual(warnings.filter((w) => /continue-on-error/.test(w)), []);
});

test('(unit) github import: continue-on-error on a step keeps a literal and translates an inputs expression', () => {
  const literal = importWorkflow(`  check:
    runs-on: ubuntu-latest
    steps:
      - run: make check
        continue-on-error: true
`);
  assert.equal(literal.step.continueOnError, true);
  const expr = importWorkflow(`  check:
    runs-on: ubuntu-latest
    steps:
      - run: make check
        continue-on-error: \${{ github.event.inputs.lenient == 'yes' }}
`);
  assert.match(String(expr.step.continueOnError), /^\$\{\{ .*lenient.* == 'yes' \}\}$/);
});

test('(unit) github import: continue-on-error with a context that has no local value warns and keeps the run failing', () => {
  const { step, warnings } = importWorkflow(`  check:
    runs-on: ubuntu-latest
    steps:
      - run: make check
        continue-on-error: \${{ runner.arch == 'ARM64' }}
`);
  assert.equal(step.continueOnError, undefined);
  assert.ok(warnings.some((w) => /continue-on-error: .* is not translated \(runner\.arch has no local value\): a failure fails the run/.test(w)), JSON.stringify(warnings));
});
