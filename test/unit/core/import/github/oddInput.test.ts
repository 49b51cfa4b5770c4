// Workflows GitHub itself refuses give one clear error line instead of a pipeline that cannot
// validate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importCi } from '../../../../../src/core/import/index.js';

function errorsOf(jobs: string): string[] {
  const result = importCi('.github/workflows/ci.yml', `on: push\njobs:\n${jobs}`);
  return result.ok ? [] : result.errors.map((e) => e.message);
}

test('(unit) github import: a job that needs a job not in the workflow is an error naming both', () => {
  const errors = errorsOf(`  build:
    runs-on: ubuntu-latest
    steps: [{ run: make }]
  test:
    runs-on: ubuntu-latest
    needs: [build, lint]
    steps: [{ run: make test }]
`);
  assert.deepEqual(errors, ["job 'test' needs 'lint', which is not a job of the workflow"]);
});

test('(unit) github import: needs given as a string is checked too, and a job needing itself is refused', () => {
  assert.deepEqual(errorsOf(`  a:\n    runs-on: x\n    needs: nope\n    steps: [{ run: 'true' }]\n`), ["job 'a' needs 'nope', which is not a job of the workflow"]);
  assert.deepEqual(errorsOf(`  a:\n    runs-on: x\n    needs: a\n    steps: [{ run: 'true' }]\n`), ["job 'a' needs itself"]);
});

test('(unit) github import: needs naming jobs of the workflow imports as before', () => {
  const result = importCi('.github/workflows/ci.yml', `on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: 'true' }]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{ run: 'true' }]\n`);
  assert.ok(result.ok);
  assert.equal((result.draft.pipeline.jobs as Record<string, { needs?: unknown }>).b!.needs, 'a');
});
