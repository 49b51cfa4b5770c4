// (unit) After a small edit the graph editor keeps its previous layout: every step that kept its layer
// keeps its exact position, edges between them keep their route, only new (or re-layered) steps are placed,
// at the end of their layer's column; a big change asks for a full layout instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { buildGraphModel } from '../../../src/core/graph/index.js';
import { SchemaNavigator, type SchemaNode } from '../../../src/language/index.js';
import { addNeed, addStep, applyTextEdits } from '../../../src/language/graph/index.js';
import { elkInput, fromElk, incrementalLayout, NODE_H, NODE_W } from '../../../webview/graph/layout.js';
import { analyze } from '../language/fixtures/analyze.js';

const nav = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')) as SchemaNode);
const file = join(process.cwd(), 'examples', 'web-app.ansflow.yaml');
const text = readFileSync(file, 'utf8');

for (const dir of ['RIGHT', 'DOWN'] as const) {
  test(`(unit) graph incremental layout (${dir}): an added step is placed at the end of its layer, nothing else moves`, async () => {
    const before = buildGraphModel(parsePipeline(text, { file }));
    const prev = fromElk(await new ELK().layout(elkInput(before, dir)), dir);
    const parent = before.nodes[0]!;
    const res = addStep(analyze(text, file), nav, 'shell', { needs: [parent.id] });
    assert.ok(!('error' in res));
    const after = buildGraphModel(parsePipeline(applyTextEdits(text, res.edits), { file }));
    const added = after.nodes.find((n) => !before.nodes.some((b) => b.id === n.id))!;
    const out = incrementalLayout(prev, before, after, dir);
    assert.ok(out, 'a one-step edit is carried over');
    for (const n of before.nodes) assert.deepEqual(out.nodes[n.id], prev.nodes[n.id], `${n.id} kept its place`);
    for (const [key, pts] of Object.entries(prev.edges)) assert.deepEqual(out.edges[key], pts, `${key} kept its route`);
    // Same main-axis position as its layer's other steps, past the last of them on the cross axis.
    const main = (id: string) => (dir === 'RIGHT' ? out.nodes[id]!.x : out.nodes[id]!.y);
    const cross = (id: string) => (dir === 'RIGHT' ? out.nodes[id]!.y : out.nodes[id]!.x);
    const sameLayer = after.nodes.filter((n) => n.layer === added.layer && n.id !== added.id);
    if (sameLayer.length) {
      assert.equal(main(added.id), Math.min(...sameLayer.map((n) => main(n.id))));
      const size = dir === 'RIGHT' ? NODE_H : NODE_W;
      assert.ok(sameLayer.every((n) => cross(added.id) >= cross(n.id) + size), 'below (or beside) every step of its layer');
    } else assert.ok(main(added.id) > main(parent.id), 'a new layer comes after its parent');
    assert.ok(out.edges[`${parent.id}>${added.id}`], 'the new edge is drawn');
  });
}

const CHAIN = `version: 1
steps:
  a:
    type: shell
    with: {run: x}
  b:
    type: shell
    needs: [a]
    with: {run: x}
  c:
    type: shell
    needs: [b]
    with: {run: x}
  d:
    type: shell
    with: {run: x}
`;

test('(unit) graph incremental layout: a new need between kept steps keeps every position; a big change or a new direction asks for a full layout', async () => {
  const f = '/ws/chain.ansflow.yaml';
  const before = buildGraphModel(parsePipeline(CHAIN, { file: f }));
  const prev = fromElk(await new ELK().layout(elkInput(before, 'RIGHT')), 'RIGHT');
  const res = addNeed(analyze(CHAIN, f), 'a', 'c');
  assert.ok(!('error' in res), 'error' in res ? res.error : '');
  const after = buildGraphModel(parsePipeline(applyTextEdits(CHAIN, res.edits), { file: f }));
  const out = incrementalLayout(prev, before, after, 'RIGHT')!;
  assert.deepEqual(out.nodes, prev.nodes);
  assert.deepEqual(out.edges['a>b'], prev.edges['a>b']);
  assert.equal(out.edges['a>c']!.length, 2, 'the new need drawn port to port');
  assert.equal(incrementalLayout(prev, before, before, 'DOWN'), undefined, 'a new direction is a full layout');
  // Every step re-layered (as under a new root everything needs): too much moved to carry over.
  const shifted = { ...before, nodes: before.nodes.map((n) => ({ ...n, layer: n.layer + 1 })), layers: [[], ...before.layers] };
  assert.equal(incrementalLayout(prev, before, shifted, 'RIGHT'), undefined);
});
