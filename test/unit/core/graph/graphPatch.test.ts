// (unit) Graph patches: applying the patch between two models gives the second (ranges aside, which the
// webview never reads), for edits of every kind; a small edit of a big graph is a small patch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { applyGraphPatch, buildGraphModel, graphPatch, type GraphModel } from '../../../../src/core/graph/index.js';
import { SchemaNavigator, type SchemaNode } from '../../../../src/language/index.js';
import { addNeed, addStep, applyTextEdits, deleteStep, duplicateStep, removeNeed, renameStep, type GraphEditResult } from '../../../../src/language/graph/index.js';
import { analyze } from '../../language/fixtures/analyze.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);

function generate(n: number, width: number): string {
  const lines = ['version: 1', 'steps:'];
  for (let i = 0; i < n; i++) {
    const layer = Math.floor(i / width);
    const needs = layer === 0 ? [] : [...new Set([(layer - 1) * width + (i % width), (layer - 1) * width + ((i * 7) % width)])].map((j) => `s${j}`);
    lines.push(`  s${i}:`, '    type: shell', ...(needs.length ? [`    needs: [${needs.join(', ')}]`] : []), '    with:', `      run: echo ${i}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A model as the webview draws it: without text ranges. */
function drawn(m: GraphModel): unknown {
  return JSON.parse(JSON.stringify(m, (k, v: unknown) => (k === 'range' || k === 'idRange' || k === 'nameRange' ? undefined : v)));
}

function after(text: string, r: GraphEditResult): string {
  if ('error' in r) assert.fail(r.error);
  return applyTextEdits(text, r.edits);
}

test('(unit) graph patch: applied to the old model it gives the new one, for every kind of edit', () => {
  const jobs = readFileSync('examples/matrix-ci.ansflow.yaml', 'utf8');
  const text = generate(60, 6);
  const a = analyze(text);
  const ja = analyze(jobs, 'examples/matrix-ci.ansflow.yaml');
  const cases: Array<[string, string, string]> = [
    ['add need', text, after(text, addNeed(a, 's40', 's59'))],
    ['remove need', text, after(text, removeNeed(a, 's50', 's56'))],
    ['add step', text, after(text, addStep(a, nav, 'shell', { needs: ['s3'] }))],
    ['duplicate', text, after(text, duplicateStep(a, 's10'))],
    ['delete', text, after(text, deleteStep(a, 's59'))],
    ['rename', text, after(text, renameStep(a, 's0', 'first'))],
    ['job need', jobs, after(jobs, removeNeed(ja, 'lint', 'test'))],
    ['into a job', jobs, after(jobs, addStep(ja, nav, 'shell', { job: 'report' }))],
    ['name', text, text.replace('version: 1\n', 'version: 1\nname: renamed\n')],
  ];
  for (const [label, from, to] of cases) {
    const before = buildGraphModel(parsePipeline(from));
    const next = buildGraphModel(parsePipeline(to));
    const patch = graphPatch(before, next);
    assert.ok(patch, `${label}: a patch`);
    assert.deepEqual(drawn(applyGraphPatch(JSON.parse(JSON.stringify(before)), JSON.parse(JSON.stringify(patch)))), drawn(next), label);
  }
  // Nothing changed: an empty patch.
  const same = buildGraphModel(parsePipeline(text));
  assert.deepEqual(graphPatch(same, buildGraphModel(parsePipeline(text))), { removedNodes: [], nodes: [], removedEdges: [], edges: [], set: {} });
  // Everything changed: no patch (the whole model goes).
  assert.equal(graphPatch(same, buildGraphModel(parsePipeline(generate(60, 6).replaceAll('  s', '  t').replaceAll('[s', '[t').replaceAll(', s', ', t')))), undefined);
});

test('(unit) graph patch: one need added to a 1,000-step graph is a patch of a few nodes and edges', () => {
  const text = generate(1000, 20);
  const before = buildGraphModel(parsePipeline(text));
  const next = buildGraphModel(parsePipeline(after(text, addNeed(analyze(text), 's977', 's999'))));
  const patch = graphPatch(before, next)!;
  assert.ok(patch);
  assert.deepEqual(patch.edges.map((e) => `${e.edge.from}>${e.edge.to}`), ['s977>s999']);
  assert.ok(patch.nodes.length <= 2, `${patch.nodes.length} nodes`);
  assert.ok(JSON.stringify(patch).length * 50 < JSON.stringify(next).length, 'a fiftieth of the model or less');
});
