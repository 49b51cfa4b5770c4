// Completion that knows jobs: job names in `needs` (of a step and of a job) and `jobs.` members in
// expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';
import { cursor } from './cursor.js';

const nav = new SchemaNavigator(miniSchema);
const BASE = `version: 1
steps:
  lint: { type: shell, with: { run: echo } }
  publish:
    type: shell
    needs: [test]
    env: { R: "\${{ jobs.test.outputs.report }}" }
    with: { run: echo }
jobs:
  build:
    steps:
      compile: { type: shell, with: { run: echo } }
  test:
    needs: [build]
    matrix: { node: [18, 20] }
    outputs: { report: "\${{ steps.unit.outputs.report }}" }
    steps:
      unit:
        type: shell
        outputs: { report: r }
        with: { run: echo }
`;

function entries(src: string) {
  const { text, offset } = cursor(src);
  return complete(analyze(BASE), nav, offset, { text });
}
const labels = (src: string) => entries(src).map((e) => e.label);

test('(unit) completion: job names in a step needs, after the step ids, never the step own job', () => {
  const inStep = labels(BASE.replace('needs: [test]', 'needs: [test, |]'));
  assert.ok(inStep.includes('build') && inStep.includes('lint'), inStep.join(','));
  assert.ok(!inStep.includes('test'), 'already listed');
  const inJobStep = labels(BASE.replace('        type: shell\n        outputs', '        type: shell\n        needs: [|]\n        outputs'));
  assert.ok(inJobStep.includes('build'), inJobStep.join(','));
  assert.ok(!inJobStep.includes('test'), 'a step cannot need its own job');
});

test('(unit) completion: a job needs offers the other jobs and the steps outside jobs', () => {
  const got = labels(BASE.replace('    needs: [build]\n', '    needs: [build, |]\n'));
  assert.deepEqual([...got].sort(), ['lint', 'publish']);
  const empty = labels(BASE.replace('    needs: [build]\n', '    needs: [|]\n'));
  assert.deepEqual([...empty].sort(), ['build', 'lint', 'publish']);
});

test('(unit) completion: jobs. in expressions lists jobs with outputs, then outputs, then their names', () => {
  assert.deepEqual(labels(BASE.replace('jobs.test.outputs.report', 'jobs.|')), ['test']);
  assert.deepEqual(labels(BASE.replace('jobs.test.outputs.report', 'jobs.test.|')), ['outputs']);
  const names = entries(BASE.replace('jobs.test.outputs.report', 'jobs.test.outputs.|'));
  assert.deepEqual(names.map((e) => e.label), ['report']);
  assert.match(names[0]!.detail ?? '', /job instance key/);
});

test("(unit) completion: matrix. offers the job's matrix in its own keys and in its steps, include-only keys too", () => {
  const src = BASE.replace('    matrix: { node: [18, 20] }\n', '    matrix: { node: [18, 20], include: [{ node: 20, coverage: on }] }\n    env: { N: "${{ matrix.| }}" }\n');
  // The analysis of the edited text itself: the matrix differs from BASE's.
  const own = (t: string) => {
    const c = cursor(t);
    return complete(analyze(c.text), nav, c.offset, { text: c.text });
  };
  assert.deepEqual(own(src).map((e) => e.label), ['node', 'coverage']);
  const inStep = BASE.replace('    matrix: { node: [18, 20] }\n', '    matrix: { node: [18, 20], include: [{ node: 20, coverage: on }] }\n').replace('        with: { run: echo }\n', '        with: { run: "${{ matrix.| }}" }\n');
  assert.deepEqual(own(inStep).map((e) => e.label), ['node', 'coverage']);
  assert.equal(own(inStep)[1]!.detail, 'from include');
});
