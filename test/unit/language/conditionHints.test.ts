import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSchema } from '../../../src/core/pipeline/index.js';
import { hover, pipelineDiagnostics, quickFixes, SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';

const TEXT = `version: 1
params:
  deploy: { type: string, default: 'yes' }
steps:
  build: { type: shell, with: { run: 'true' } }
  deploy:
    type: shell
    needs: build
    if: params.deploy == 'yes'
    with: { run: 'true' }
  explicit: { type: shell, needs: build, if: "success() && params.deploy == 'yes'", with: { run: 'true' } }
  first: { type: shell, if: "params.deploy == 'yes'", with: { run: 'true' } }
finally:
  alert: { type: shell, if: "pipeline.status == 'failure'", with: { run: 'true' } }
`;

test('(unit) language: a condition whose meaning changed (no status function, step has needs) gets one condition-changed hint', () => {
  const hints = pipelineDiagnostics(analyze(TEXT)).filter((d) => d.code === 'condition-changed');
  assert.equal(hints.length, 1);
  assert.equal(hints[0]!.severity, 'hint');
  assert.equal(TEXT.slice(hints[0]!.range.start, hints[0]!.range.end), "params.deploy == 'yes'");
  assert.match(hints[0]!.message, /success\(\) && \(…\)/);
});

test('(unit) language: the hover on if: explains the implicit success() && (…)', () => {
  const nav = new SchemaNavigator(loadSchema() as SchemaNode);
  const h = hover(analyze(TEXT), nav, TEXT.indexOf('    if:') + 5);
  assert.ok(h, 'a hover on if');
  assert.match(h.markdown, /success\(\) && \(…\)/);
  assert.match(h.markdown, /failure/);
});

function applyEdit(text: string, e: { range: { start: number; end: number }; newText: string }): string {
  return text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
}

test('(unit) language: quick fixes make a changed condition explicit (hint gone) and replace an impossible status value', () => {
  const nav = new SchemaNavigator(loadSchema() as SchemaNode);
  for (const cond of ["params.deploy == 'yes'", `"params.deploy == 'yes'"`, "${{ params.deploy == 'yes' }}"]) {
    const text = TEXT.replace("    if: params.deploy == 'yes'", `    if: ${cond}`);
    const a = analyze(text);
    const hint = pipelineDiagnostics(a).filter((d) => d.code === 'condition-changed');
    assert.equal(hint.length, 1, cond);
    const fixes = quickFixes(a, nav, hint);
    assert.deepEqual(fixes.map((f) => f.title.split(':')[0]), ['Run regardless of the needs', 'Keep the new meaning, written out']);
    for (const f of fixes) {
      const fixed = applyEdit(text, f.edits[0]!);
      const after = pipelineDiagnostics(analyze(fixed));
      assert.deepEqual(after.filter((d) => d.severity !== 'hint' || d.code === 'condition-changed'), [], `${cond} → ${fixed.split('\n').find((l) => l.includes('deploy =='))}`);
    }
  }
  const bad = TEXT.replace("if: \"pipeline.status == 'failure'\"", "if: \"pipeline.status == 'failed'\"");
  const a = analyze(bad);
  const warn = pipelineDiagnostics(a).filter((d) => d.code === 'status-value');
  assert.equal(warn.length, 1);
  const fixed = applyEdit(bad, quickFixes(a, nav, warn)[0]!.edits[0]!);
  assert.ok(fixed.includes("if: \"pipeline.status == 'failure'\""));
});
