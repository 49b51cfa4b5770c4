import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { stepsAtLines } from '../../../../../src/core/runner/debug/breakpointLines.js';

const TEXT = [
  'version: 1', // 0
  'steps:', // 1
  '  build:', // 2
  '    type: shell', // 3
  '    with:', // 4
  '      run: make', // 5
  '', // 6
  '  test:', // 7
  '    type: shell', // 8
  '    needs: build', // 9
  '    with: { run: make test }', // 10
  'finally:', // 11
  '  clean: { type: shell, with: { run: rm -rf out } }', // 12
  '',
].join('\n');

test('(unit) debug breakpoints: a line on a step id or inside its body maps to that step, at its id line', () => {
  const parsed = parsePipeline(TEXT);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const got = stepsAtLines(parsed, [2, 5, 7, 10, 12]);
  assert.deepEqual(
    got.map((b) => [b.line, b.stepId, b.stepLine]),
    [
      [2, 'build', 2],
      [5, 'build', 2],
      [7, 'test', 7],
      [10, 'test', 7],
      [12, 'clean', 12],
    ],
  );
});

test('(unit) debug breakpoints: lines outside every step map to none', () => {
  const got = stepsAtLines(parsePipeline(TEXT), [0, 1, 11, 40]);
  assert.deepEqual(got, [{ line: 0 }, { line: 1 }, { line: 11 }, { line: 40 }]);
});
