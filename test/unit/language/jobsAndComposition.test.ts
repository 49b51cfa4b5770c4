// Completion and hover for the keys of issue 17 (jobs, extends, before/after, when), against the
// real schema: they come from it, so this checks the schema and the job-path mapping together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { complete, hover, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { cursor } from './cursor.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')));
const BASE = `version: 1
templates:
  base:
    type: shell
    with: { run: echo }
jobs:
  test:
    matrix: { node: [18, 20] }
    steps:
      unit:
        type: shell
        with:
          run: npm test
`;

function labels(src: string): string[] {
  const { text, offset } = cursor(src);
  return complete(analyze(BASE), nav, offset, { text }).map((e) => e.label);
}

test('(unit) language: completion offers jobs at the top, job keys in a job, extends in a template', () => {
  assert.ok(labels(`version: 1\n|`).includes('jobs'));
  const job = labels(BASE.replace('    matrix: { node: [18, 20] }\n', '    matrix: { node: [18, 20] }\n    |\n'));
  for (const k of ['needs', 'env', 'executor', 'workingDirectory', 'description']) assert.ok(job.includes(k), `${k} in ${job}`);
  const tpl = labels(BASE.replace('    type: shell\n    with: { run: echo }', '    type: shell\n    |\n    with: { run: echo }'));
  for (const k of ['extends', 'before', 'after', 'when']) assert.ok(tpl.includes(k), `${k} in ${tpl}`);
});

test("(unit) language: a job step completes like any step: its type's with keys and step types", () => {
  const withKeys = labels(BASE.replace('          run: npm test\n', '          run: npm test\n          |\n'));
  assert.ok(withKeys.includes('shell') && withKeys.includes('strict'), withKeys.join());
  const stepKeys = labels(BASE.replace('        type: shell\n', '        type: shell\n        |\n'));
  for (const k of ['before', 'when', 'needs']) assert.ok(stepKeys.includes(k), `${k} in ${stepKeys}`);
  assert.ok(labels(BASE + '      |').includes('shell step'));
});

test('(unit) language: hover explains when: manual and a job step type', () => {
  const src = BASE.replace('        type: shell\n', '        type: shell\n        wh|en: manual\n');
  const { text, offset } = cursor(src);
  const h = hover(analyze(text), nav, offset);
  assert.match(h?.markdown ?? '', /approval/);
  const t = cursor(BASE.replace('        type: shell', '        type: she|ll'));
  assert.match(hover(analyze(t.text), nav, t.offset)?.markdown ?? '', /step type/);
});

test('(unit) language: hover on ci.<field>, jobs.<job>.outputs.<name> and an undeclared env.X in expressions', () => {
  const src = `version: 1
if: ci.branch == 'main'
jobs:
  test:
    matrix: { node: [18, 20] }
    outputs: { report: "\${{ steps.unit.outputs.report }}" }
    steps:
      unit: { type: shell, outputs: { report: x }, with: { run: echo } }
steps:
  publish:
    type: shell
    needs: test
    env: { R: "\${{ jobs.test.outputs.report }}", H: "\${{ env.HOME }}" }
    with: { run: echo }
`;
  const at = (needle: string, delta: number): string => hover(analyze(src), nav, src.indexOf(needle) + delta)?.markdown ?? '';
  assert.match(at('ci.branch', 4), /CI_COMMIT_BRANCH/);
  const out = at('jobs.test.outputs.report', 19);
  assert.match(out, /output.*report.*job.*test/);
  assert.match(out, /map keyed by job instance key/);
  assert.match(at('jobs.test.outputs', 6), /job.*test.*Outputs: `report`/s);
  assert.match(at('env.HOME', 5), /reads as empty/);
  const inc = src.replace('matrix: { node: [18, 20] }', 'matrix: { node: [18, 20], include: [{ node: 20, cov: on }] }').replace('with: { run: echo } }\nsteps:', 'with: { run: "${{ matrix.cov }}" } }\nsteps:');
  assert.match(hover(analyze(inc), nav, inc.indexOf('matrix.cov') + 8)?.markdown ?? '', /From `include`/);
  assert.doesNotMatch(at('env.HOME', 5), /process environment/);
  assert.doesNotMatch(at('env.HOME', 1), /process/);
});
