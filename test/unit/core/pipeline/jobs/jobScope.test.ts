// Expressions in a job's own keys (outputs, env) are checked in the job's scope, with diagnostics
// on the offending segment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';

const problems = (text: string) =>
  parsePipeline(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, message: d.message, at: text.slice(d.range.start, d.range.end) }));

const PIPELINE = (outputs: string, env = '{ N: "${{ matrix.n }}" }', needs = '[]') => `version: 1
steps:
  lint: { type: shell, outputs: { verdict: v }, with: { run: echo } }
jobs:
  build:
    outputs: { tag: "\${{ steps.compile.outputs.tag }}" }
    steps:
      compile: { type: shell, outputs: { tag: t }, with: { run: echo } }
  test:
    needs: ${needs}
    matrix: { n: [a, b] }
    env: ${env}
    outputs: ${outputs}
    steps:
      unit: { type: shell, outputs: { report: r }, with: { run: echo } }
      e2e: { type: shell, with: { run: echo } }
`;

test('(unit) job scope: outputs read the job own steps and their declared outputs', () => {
  assert.deepEqual(problems(PIPELINE('{ report: "${{ steps.unit.outputs.report }}", st: "${{ steps.e2e.outcome }}" }')), []);
  const outside = problems(PIPELINE('{ v: "${{ steps.lint.outputs.verdict }}" }'));
  assert.deepEqual(outside, [{ code: 'unknown-reference', message: "job 'test' outputs read its own steps; 'lint' is not one of them (known: unit, e2e)", at: 'lint' }]);
  const undeclared = problems(PIPELINE('{ r: "${{ steps.unit.outputs.reprt }}" }'));
  assert.equal(undeclared.length, 1);
  assert.equal(undeclared[0]!.at, 'reprt');
  assert.match(undeclared[0]!.message, /step 'unit' declares no output 'reprt' \(did you mean 'report'\?\)/);
  assert.equal(problems(PIPELINE('{ r: "${{ steps.nope.outputs.x }}" }'))[0]!.at, 'nope');
});

test('(unit) job scope: matrix keys come from the job matrix; jobs.<job> needs the job on the job', () => {
  const badKey = problems(PIPELINE('{}', '{ N: "${{ matrix.m }}" }'));
  assert.deepEqual(badKey.map((p) => [p.message, p.at]), [["unknown matrix key 'm'", 'm']]);
  const noMatrix = problems(`version: 1
jobs:
  j:
    env: { X: "\${{ matrix.x }}" }
    steps:
      s: { type: shell, with: { run: echo } }
`);
  assert.deepEqual(noMatrix.map((p) => p.message), ["job 'j' has no matrix, so 'matrix.x' is undefined"]);
  const reads = '{ N: "${{ jobs.build.outputs.tag }}" }';
  const missing = problems(PIPELINE('{}', reads));
  assert.deepEqual(missing.map((p) => [p.code, p.at]), [['missing-need', 'jobs.build.outputs.tag']]);
  assert.match(missing[0]!.message, /job 'test' reads jobs.build but does not need job 'build'/);
  assert.deepEqual(problems(PIPELINE('{}', reads, '[build]')), []);
  // Through another job it needs.
  const chained = PIPELINE('{}', reads, '[mid]').replace('  test:\n', '  mid:\n    needs: [build]\n    steps:\n      m: { type: shell, with: { run: echo } }\n  test:\n');
  assert.deepEqual(problems(chained), []);
  const noOutput = problems(PIPELINE('{}', '{ N: "${{ jobs.build.outputs.tga }}" }', '[build]'));
  assert.deepEqual(noOutput.map((p) => p.at), ['tga']);
});

test('(unit) job services: read per job; a step of a job with services cannot declare its own', () => {
  const text = (stepServices: string) => `version: 1
jobs:
  j:
    services:
      db: { image: busybox, ports: [5432], env: { A: "1" } }
    steps:
      s: { type: shell, ${stepServices}with: { run: echo } }
`;
  const parsed = parsePipeline(text(''));
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(parsed.pipeline.jobs![0]!.services!.map((s) => [s.name, s.image, s.ports]), [['db', 'busybox', [5432]]]);
  const own = problems(text('services: { x: { image: busybox } }, '));
  assert.deepEqual(own.map((p) => [p.message, p.at]), [["'s' is in job 'j', which has services: declare this step's services on the job", 'services']]);
  assert.ok(parsePipeline(text('').replace('services:', 'servces:')).diagnostics.some((d) => d.code === 'schema'));
});
