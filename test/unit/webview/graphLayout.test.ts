// (unit) The graph editor's layout input keeps a small edit local: after adding a step, every other step
// keeps its layer (ELK partition, the host's layer) and its order inside the layer, in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { buildGraphModel } from '../../../src/core/graph/index.js';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { addStep, applyTextEdits } from '../../../src/language/graph/index.js';
import { columnLayout, drawnEdges, elkInput, fromElk, NODE_H, NODE_W, type Direction, type Layout } from '../../../webview/graph/layout.js';
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

function inside(p: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }, w: number, h: number): boolean {
  return p.x >= box.x && p.y >= box.y && p.x + w <= box.x + box.width && p.y + h <= box.y + box.height;
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const withJobs = readdirSync(join(process.cwd(), 'examples')).filter((f) => f.endsWith('.ansflow.yaml') && /^jobs:/m.test(readFileSync(join(process.cwd(), 'examples', f), 'utf8')));
for (const dir of ['RIGHT', 'DOWN'] as const) {
  test(`(unit) graph layout (${dir}): jobs are boxes around their own steps only, in ELK and in the quick layout; job needs drawn once`, async () => {
    assert.ok(withJobs.length >= 2);
    const elk = new ELK();
    for (const f of withJobs) {
      const file = join(process.cwd(), 'examples', f);
      const model = buildGraphModel(parsePipeline(readFileSync(file, 'utf8'), { file }));
      assert.ok(model.groups?.length, f);
      for (const layout of [columnLayout(model, dir), fromElk(await elk.layout(elkInput(model, dir)), dir)]) {
        const where = `${f} ${layout.engine}`;
        const boxes = model.groups!.map((g) => [g, layout.groups?.[g.id]] as const);
        for (const [g, box] of boxes) {
          assert.ok(box, `${where}: box of ${g.id}`);
          for (const n of model.nodes) {
            const p = layout.nodes[n.id]!;
            const own = n.job === g.id;
            if (own) assert.ok(inside(p, box, NODE_W, NODE_H), `${where}: ${n.id} inside ${g.id}`);
            else assert.ok(!overlap({ ...p, width: NODE_W, height: NODE_H }, box), `${where}: ${n.id} outside ${g.id}`);
          }
        }
        for (const [a, boxA] of boxes) for (const [b, boxB] of boxes) if (a !== b) assert.ok(!overlap(boxA!, boxB!), `${where}: ${a.id} and ${b.id} apart`);
        // One edge per job need, none per step a job need stands for; each drawn edge has a route.
        const keys = drawnEdges(model).map((e) => `${e.from}>${e.to}`);
        for (const e of model.groupEdges ?? []) assert.ok(keys.includes(`${e.from}>${e.to}`), `${where}: group edge ${e.from}>${e.to}`);
        for (const e of model.edges) assert.equal(keys.includes(`${e.from}>${e.to}`), e.via !== 'job', `${where}: ${e.from}>${e.to} (${e.via ?? 'needs'})`);
        for (const k of keys) assert.ok(layout.edges[k]?.length, `${where}: route of ${k}`);
      }
    }
  });
}
