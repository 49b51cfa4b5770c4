// The editor's "Run Step" selection is core's --target selection: inside a job it follows the
// implicit written-order needs, and a step needing a job brings all of the job's steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { selectSteps } from '../../../src/vscode/run/selectSteps.js';

test('(unit) Run Step in the editor takes job order and needs on a job into account', () => {
  const parsed = parsePipeline(`version: 1
jobs:
  build:
    steps:
      fetch: { type: shell, with: { run: echo } }
      compile: { type: shell, with: { run: echo } }
      pack: { type: shell, with: { run: echo } }
steps:
  other: { type: shell, with: { run: echo } }
  ship: { type: shell, needs: build, with: { run: echo } }
`);
  assert.deepEqual(selectSteps(parsed, ['compile']).pipeline.steps.map((s) => s.id), ['fetch', 'compile']);
  assert.deepEqual(selectSteps(parsed, ['ship']).pipeline.steps.map((s) => s.id).sort(), ['compile', 'fetch', 'pack', 'ship']);
});
