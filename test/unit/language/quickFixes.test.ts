import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/core/contracts/diagnostics.js';
import { formatPipeline, quickFixes, SchemaNavigator, buildGallery, newPipelineFileName, type TextEdit } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';
import { offsetOf } from './cursor.js';

const nav = new SchemaNavigator(miniSchema);

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((x, y) => y.range.start - x.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

function fixes(text: string, code: Diagnostic['code'], at?: { start: number; end: number }, data?: Record<string, unknown>) {
  const a = analyze(text);
  const d = at ? ({ severity: 'error', code, message: '', range: at, data } as Diagnostic) : a.parsed.diagnostics.find((x) => x.code === code)!;
  assert.ok(d, `a ${code} diagnostic`);
  return quickFixes(a, nav, [d]).map((f) => ({ title: f.title, preferred: f.preferred, result: apply(text, f.edits) }));
}

const STEPS = `steps:
  build:
    type: shell
  test:
    type: shell
    needs: [biuld]
`;

test('(unit) quick fix unknown-need → closest id (preferred), or remove the need', () => {
  const fs = fixes(STEPS, 'unknown-need');
  assert.equal(fs[0]!.title, "Change need to 'build'");
  assert.equal(fs[0]!.preferred, true);
  assert.match(fs[0]!.result, /needs: \[build\]/);
  assert.ok(fs.some((f) => /Remove 'biuld'/.test(f.title) && !f.result.includes('needs')));
});

const MISSING = `steps:
  build:
    type: shell
    outputs:
      image: x
  lint:
    type: shell
  test:
    type: shell
    needs: [lint]
    with:
      script: echo \${{ steps.build.outputs.image }}
  deploy:
    type: shell
    needs:
      - lint
    with:
      script: echo \${{ steps.build.outputs.image }}
  solo:
    type: shell
    with:
      script: echo \${{ steps.build.outputs.image }}
`;

test('(unit) quick fix missing-need adds the step to flow, block or absent needs', () => {
  const a = analyze(MISSING);
  const missing = a.parsed.diagnostics.filter((d) => d.code === 'missing-need');
  assert.equal(missing.length, 3);
  const results = missing.map((d) => apply(MISSING, quickFixes(a, nav, [d])[0]!.edits));
  assert.match(results[0]!, /needs: \[lint, build\]/);
  assert.match(results[1]!, /needs:\n {6}- lint\n {6}- build\n {4}with:/);
  assert.match(results[2]!, / {2}solo:\n {4}needs: \[build\]\n {4}type: shell/);
});

test('(unit) quick fix unknown-reference → closest step id or output', () => {
  const text = 'steps:\n  build:\n    type: shell\n    outputs:\n      image: x\n  t:\n    type: shell\n    needs: [build]\n    with:\n      script: ${{ steps.buidl.outputs.image }} ${{ steps.build.outputs.imag }}\n';
  const a = analyze(text);
  const unknownStep = a.parsed.diagnostics.find((d) => d.code === 'unknown-reference')!;
  assert.match(apply(text, quickFixes(a, nav, [unknownStep])[0]!.edits), /steps\.build\.outputs\.image \}\} \$/);
  const start = offsetOf(text, 'steps.build.outputs.imag ');
  const out = quickFixes(a, nav, [{ severity: 'error', code: 'unknown-reference', message: '', range: { start, end: start + 'steps.build.outputs.imag'.length } }]);
  assert.equal(out[0]!.title, "Change output to 'image'");
});

test('(unit) quick fix unknown-parameter → closest key of the step type', () => {
  const text = 'steps:\n  b:\n    type: docker.build\n    with:\n      imagee: app\n';
  const fs = fixes(text, 'unknown-parameter', { start: offsetOf(text, 'imagee'), end: offsetOf(text, 'imagee') + 6 });
  assert.equal(fs[0]!.title, "Change parameter to 'image'");
  assert.match(fs[0]!.result, /\n {6}image: app/);
});

test('(unit) quick fix duplicate-id renames the second one to a free id', () => {
  const text = 'steps:\n  a:\n    type: shell\n  a-2:\n    type: shell\n  a:\n    type: shell\n';
  const second = offsetOf(text, '  a:', 2, 1);
  const fs = fixes(text, 'duplicate-id', { start: second, end: second + 1 });
  assert.equal(fs[0]!.title, "Rename this step to 'a-3'");
  assert.match(fs[0]!.result, /\n {2}a-3:\n/);
});

test('(unit) quick fix cycle offers one removal per edge on the cycle', () => {
  const text = 'steps:\n  a:\n    type: shell\n    needs: [c]\n  b:\n    type: shell\n    needs: [a, x]\n  c:\n    type: shell\n    needs:\n      - b\n';
  const fs = fixes(text, 'cycle', { start: offsetOf(text, '  a:') + 2, end: offsetOf(text, '  a:') + 3 }, { cycle: ['a', 'b', 'c'] });
  assert.deepEqual(fs.map((f) => f.title), [
    "Break the cycle: remove 'c' from the needs of 'a'",
    "Break the cycle: remove 'a' from the needs of 'b'",
    "Break the cycle: remove 'b' from the needs of 'c'",
  ]);
  assert.ok(!fs[0]!.result.includes('needs: [c]') && fs[0]!.result.includes('  a:\n    type: shell\n  b:'));
  assert.match(fs[1]!.result, /needs: \[x\]/);
  assert.match(fs[2]!.result, / {2}c:\n {4}type: shell\n$/);
});

test('(unit) formatting keeps comments and expressions, normalises indentation, leaves broken YAML alone', () => {
  const text = '# top\nversion: 1   # v\nsteps:\n    build:\n        type: shell # why\n        with:\n            script: echo ${{ params.x }}\n';
  const [edit] = formatPipeline(text, { tabSize: 2 });
  assert.equal(edit!.newText, '# top\nversion: 1 # v\nsteps:\n  build:\n    type: shell # why\n    with:\n      script: echo ${{ params.x }}\n');
  assert.deepEqual(formatPipeline(edit!.newText, { tabSize: 2 }), [], 'idempotent');
  assert.deepEqual(formatPipeline('steps: [a,\n', { tabSize: 2 }), []);
});

test('(unit) template gallery reads names and descriptions; new file names do not collide', () => {
  const g = buildGallery([
    { file: 'b.ansflow.yaml', text: 'name: Build\ndescription: builds\nsteps:\n  a: {type: shell}\n  b: {type: shell}\n' },
    { file: 'a.ansflow.yaml', text: '# Deploys with helm\nsteps: {}\n' },
    { file: 'README.md', text: '' },
  ]);
  assert.deepEqual(g.map((e) => [e.label, e.description, e.steps]), [['a', 'Deploys with helm', 0], ['Build', 'builds', 2]]);
  assert.equal(newPipelineFileName('b.ansflow.yaml', (n) => n === 'b.ansflow.yaml'), 'b-2.ansflow.yaml');
});
