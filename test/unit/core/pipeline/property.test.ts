// Property-based checks: parsePipeline never throws and every diagnostic (and related) range lies
// inside the text — for generated pipelines and for randomly mutated real examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { buildGraph, expandMatrix, knownStepTypes, parseExpression, parsePipeline } from '../../../../src/core/pipeline/index.js';

// ~300 pipeline cases in `npm test` (100 per property); ANSFLOW_PROPERTY_RUNS=N runs N per property.
const RUNS = Number(process.env.ANSFLOW_PROPERTY_RUNS ?? 100);
const EXAMPLES = resolve(__dirname, '../../../../examples');
const TEXTS = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ansflow.yaml')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

function checkTotal(text: string): void {
  const r = parsePipeline(text, { file: '/ws/p.ansflow.yaml', readFile: () => undefined });
  for (const d of r.diagnostics) {
    assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `${d.code} ${JSON.stringify(d.range)} outside 0..${text.length}`);
    for (const rel of d.related ?? []) if (!rel.file) assert.ok(rel.range.start >= 0 && rel.range.end <= text.length, `related of ${d.code}`);
  }
  const g = buildGraph(r.pipeline);
  for (const s of r.pipeline.steps) expandMatrix(s);
  assert.ok(Array.isArray(g.layers));
}

const id = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/);
const exprSource = fc.oneof(
  fc.constantFrom('params.x', 'steps.a.outputs.tag', 'matrix.os', "format('{0}', run.id)", 'success() && !failure()', "contains(params.list, 'a')", 'steps.b.status == \'success\''),
  fc.string({ maxLength: 20 }),
);
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), exprSource.map((e) => `\${{ ${e} }}`));

const stepArb = fc.record({
  id,
  type: fc.oneof(fc.constantFrom(...knownStepTypes()), fc.string({ maxLength: 10 })),
  needs: fc.array(id, { maxLength: 3 }),
  if: fc.option(exprSource, { nil: undefined }),
  with: fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,8}$/), scalar, { maxKeys: 4 }),
  matrix: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }), { maxKeys: 2 }), { nil: undefined }),
  finally: fc.boolean(),
});

type StepCase = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(steps: StepCase[]): string {
  const q = (v: unknown) => JSON.stringify(v);
  const block = (list: typeof steps) =>
    list
      .map((s) => {
        const lines = [`  ${s.id}:`, `    type: ${q(s.type)}`];
        if (s.needs.length) lines.push(`    needs: ${q(s.needs)}`);
        if (s.if !== undefined) lines.push(`    if: ${q(s.if)}`);
        if (s.matrix) lines.push(`    matrix: ${q(s.matrix)}`);
        lines.push(`    with: ${q(s.with)}`);
        return lines.join('\n');
      })
      .join('\n');
  const normal = steps.filter((s) => !s.finally);
  const fin = steps.filter((s) => s.finally);
  return `version: 1\nparams:\n  x: 1\nsteps:\n${block(normal)}\n${fin.length ? `finally:\n${block(fin)}\n` : ''}`;
}

test('(unit) property: generated pipelines never throw; ranges stay inside the text', () => {
  fc.assert(fc.property(fc.array(stepArb, { maxLength: 8 }), (steps) => checkTotal(toYaml(steps))), { numRuns: RUNS });
});

const mutation = fc.record({ pos: fc.nat(), del: fc.nat({ max: 8 }), insert: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('${{', '}}', ':', '\n', '  ', '- ', '&a ', '*a', '<<: *a\n', '---\n', '"', "'", '[', '{', '\t', '#')) });

test('(unit) property: mutated examples never throw; ranges stay inside the text', () => {
  fc.assert(
    fc.property(fc.nat({ max: TEXTS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), (which, muts) => {
      let text = TEXTS[which]!;
      for (const m of muts) {
        const pos = m.pos % (text.length + 1);
        text = text.slice(0, pos) + m.insert + text.slice(pos + m.del);
      }
      checkTotal(text);
    }),
    { numRuns: RUNS },
  );
});

test('(unit) property: arbitrary text never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => checkTotal(text)), { numRuns: RUNS });
});

test('(unit) property: expression parser errors lie inside the source', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40 }), exprSource), fc.nat({ max: 1000 }), (src, offset) => {
      const r = parseExpression(src, offset);
      assert.ok(r.ast || r.errors.length > 0);
      for (const e of r.errors) assert.ok(e.start >= offset && e.end <= offset + src.length && e.start <= e.end, `${JSON.stringify(src)} ${JSON.stringify(e)}`);
    }),
    { numRuns: RUNS },
  );
});
