// (unit) The critical path: the chain of needs with the longest summed durations, matrix instances by
// their slowest, steps without a duration counting zero, cycles left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { buildGraphModel, criticalPath, durationsByStep } from '../../../../src/core/graph/index.js';

const TEXT = `version: 1
steps:
  lint:
    type: shell
    with: { run: x }
  build:
    type: shell
    with: { run: x }
  test:
    type: shell
    needs: [lint, build]
    matrix:
      node: [18, 20]
    with: { run: x }
  docs:
    type: shell
    needs: [lint]
    with: { run: x }
  deploy:
    type: shell
    needs: [test]
    with: { run: x }
`;
const model = buildGraphModel(parsePipeline(TEXT, { file: '/ws/cp.ansflow.yaml' }));

test('(unit) critical path: the longest chain by duration, matrix instances by the slowest', () => {
  const d = durationsByStep([
    { stepId: 'lint', durationMs: 100 },
    { stepId: 'build', durationMs: 3000 },
    { stepId: 'test', durationMs: 2000 },
    { stepId: 'test', durationMs: 500 },
    { stepId: 'docs', durationMs: 4000 },
    { stepId: 'deploy', durationMs: 1000 },
  ]);
  assert.deepEqual(d, { lint: 100, build: 3000, test: 2000, docs: 4000, deploy: 1000 });
  assert.deepEqual(criticalPath(model, d), { ids: ['build', 'test', 'deploy'], totalMs: 6000 });
  // docs alone, once slower than the whole chain, is the critical path.
  assert.deepEqual(criticalPath(model, { ...d, docs: 9000 }), { ids: ['lint', 'docs'], totalMs: 9100 });
  // A step without a duration (skipped, never ran) counts zero.
  assert.deepEqual(criticalPath(model, { lint: 100, deploy: 10 }), { ids: ['lint', 'test', 'deploy'], totalMs: 110 });
  assert.equal(criticalPath(model, {}), undefined);
});

test('(unit) critical path: steps on a cycle are left out', () => {
  const cyc = buildGraphModel(parsePipeline(`version: 1\nsteps:\n  a:\n    type: shell\n    with: { run: x }\n  b:\n    type: shell\n    needs: [a, c]\n    with: { run: x }\n  c:\n    type: shell\n    needs: [b]\n    with: { run: x }\n`, { file: '/ws/c.ansflow.yaml' }));
  assert.deepEqual(criticalPath(cyc, { a: 5, b: 100, c: 100 }), { ids: ['a'], totalMs: 5 });
});

test('(unit) critical path: finally steps start once every normal step has finished', () => {
  const fin = buildGraphModel(
    parsePipeline(
      `version: 1\nsteps:\n  build: { type: shell, with: { run: x } }\n  lint: { type: shell, with: { run: x } }\nfinally:\n  report: { type: shell, with: { run: x } }\n  cleanup: { type: shell, needs: report, with: { run: x } }\n`,
      { file: '/ws/f.ansflow.yaml' },
    ),
  );
  // report names no needs, yet waits for build (the slowest normal step): the run took 10 + 1 + 2.
  assert.deepEqual(criticalPath(fin, { build: 10, lint: 3, report: 1, cleanup: 2 }), { ids: ['build', 'report', 'cleanup'], totalMs: 13 });
  // Finally steps without a recorded duration add nothing: the normal chain stays the path.
  assert.deepEqual(criticalPath(fin, { build: 10, lint: 3 }), { ids: ['build'], totalMs: 10 });
});
