// (unit) The graph editor's layout input keeps a small edit local: after adding a step, every other step
// keeps its layer (ELK partition, the host's layer) and its order inside the layer, in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { buildGraphModel } from '../../../src/core/graph/index.js';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { addStep, applyTextEdits } from '../../../src/language/graph/index.js';
import { columnLayout, elkInput, fromElk, type Direction, type Layout } from '../../../webview/graph/layout.js';
import { analyze } from '../language/fixtures/analyze.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);

/** Per layer (x for RIGHT, y for DOWN), the ids in their cross-axis order. */
function columns(layout: Layout, dir: Direction): Map<number, string[]> {
  const out = new Map<number, Array<[string, number]>>();
  for (const [id, p] of Object.entries(layout.nodes)) {
    const [main, cross] = dir === 'RIGHT' ? [p.x, p.y] : [p.y, p.x];
    out.set(Math.round(main), [...(out.get(Math.round(main)) ?? []), [id, cross]]);
  }
  return new Map([...out].map(([k, v]) => [k, v.sort((a, b) => a[1] - b[1]).map(([id]) => id)]));
}

// Crossing edges and a long edge: a layered layout left to itself would reorder and re-layer these.
const CROSSING = `version: 1
steps:
${['a', 'b', 'c']
  .map((id) => `  ${id}:\n    type: shell\n    with: {run: x}\n`)
  .join('')}  x:\n    type: shell\n    needs: [c]\n    with: {run: x}\n  y:\n    type: shell\n    needs: [a]\n    with: {run: x}\n  z:\n    type: shell\n    needs: [b, x]\n    with: {run: x}\n  w:\n    type: shell\n    needs: [z, c]\n    with: {run: x}\n`;

for (const dir of ['RIGHT', 'DOWN'] as const) {
  for (const [label, file, text] of [
    ['web-app example', join(process.cwd(), 'examples', 'web-app.ansflow.yaml'), readFileSync(join(process.cwd(), 'examples', 'web-app.ansflow.yaml'), 'utf8')],
    ['crossing needs', '/ws/crossing.ansflow.yaml', CROSSING],
  ] as const) test(`(unit) graph layout (${dir}, ${label}): adding a step leaves the other steps' layers and order`, async () => {
    const before = buildGraphModel(parsePipeline(text, { file }));
    const res = addStep(analyze(text, file), nav, 'shell', { needs: [before.nodes[0]!.id] });
    assert.ok(!('error' in res));
    const after = buildGraphModel(parsePipeline(applyTextEdits(text, res.edits), { file }));
    const elk = new ELK();
    const a = fromElk(await elk.layout(elkInput(before, dir)), dir);
    const b = fromElk(await elk.layout(elkInput(after, dir)), dir);
    const layerOf = (l: Layout, id: string) => [...columns(l, dir)].findIndex(([, ids]) => ids.includes(id));
    for (const n of before.nodes) assert.equal(layerOf(b, n.id), layerOf(a, n.id), `${n.id} kept its layer`);
    for (const [, ids] of columns(a, dir)) {
      const now = [...columns(b, dir)][layerOf(b, ids[0]!)]![1].filter((id) => ids.includes(id));
      assert.deepEqual(now, ids, 'order inside the layer kept');
    }
    for (const n of after.nodes) assert.equal(layerOf(b, n.id), n.layer, `${n.id} in the host's layer`);
    // The instant column layout agrees on layers with the host model.
    const quick = columnLayout(after, dir);
    for (const n of after.nodes) assert.equal(layerOf(quick, n.id), n.layer);
  });
}
