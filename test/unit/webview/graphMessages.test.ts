// (unit) The graph editor's messages are validated on arrival, both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { applyGraphPatch, buildGraphModel, graphPatch, type GraphPatch } from '../../../src/core/graph/index.js';
import { parseFromGraphWebview, parseToGraphWebview } from '../../../webview/shared/graphMessages.js';

test('(unit) graph messages from the webview: known shapes pass, anything else is dropped', () => {
  assert.deepEqual(parseFromGraphWebview({ type: 'addNeed', from: 'a', to: 'b-2' }), { type: 'addNeed', from: 'a', to: 'b-2' });
  assert.deepEqual(parseFromGraphWebview({ type: 'addStep', stepType: 'docker.build', needs: ['lint'] }), { type: 'addStep', stepType: 'docker.build', needs: ['lint'] });
  assert.deepEqual(parseFromGraphWebview({ type: 'deleteStep', id: 'x', extra: 1 }), { type: 'deleteStep', id: 'x' });
  assert.deepEqual(parseFromGraphWebview({ type: 'rerunFailed', runId: '../x' }), { type: 'rerunFailed' });
  for (const bad of [
    'ready',
    null,
    { type: 'addNeed', from: 'a' },
    { type: 'addNeed', from: 'a', to: '../etc' },
    { type: 'deleteStep', id: 'a b' },
    { type: 'addStep', stepType: 'shell; rm -rf' },
    { type: 'addStep', stepType: 'shell', needs: 'a' },
    { type: 'runShell', cmd: 'rm' },
  ]) {
    assert.equal(parseFromGraphWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('(unit) graph messages from the host: a real model passes after JSON, broken ones do not', () => {
  const graph = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline('version: 1\nsteps:\n  a:\n    type: shell\n    with: {run: x}\n'))));
  assert.equal(parseToGraphWebview({ type: 'graph', graph, version: 3 })?.type, 'graph');
  assert.equal(parseToGraphWebview({ type: 'graph', graph: { ...graph, nodes: [{ id: 'a' }] }, version: 3 }), undefined);
  assert.equal(parseToGraphWebview({ type: 'status', statuses: { a: 'exploded' } }), undefined);
  assert.deepEqual(parseToGraphWebview({ type: 'status', statuses: { a: 'running' } }), { type: 'status', statuses: { a: 'running' } });
  assert.equal(parseToGraphWebview({ type: 'notice' }), undefined);
  assert.deepEqual(parseToGraphWebview({ type: 'critical', ids: ['a', 'b'], totalMs: 1200, runId: 'r1', x: 1 }), { type: 'critical', ids: ['a', 'b'], totalMs: 1200, runId: 'r1' });
  assert.deepEqual(parseToGraphWebview({ type: 'critical', ids: [], totalMs: 0 }), { type: 'critical', ids: [], totalMs: 0 });
  for (const bad of [{ type: 'critical', ids: 'a', totalMs: 1 }, { type: 'critical', ids: [1], totalMs: 1 }, { type: 'critical', ids: ['a'], totalMs: -1 }, { type: 'critical', ids: ['a'], totalMs: Number.NaN }, { type: 'critical', ids: ['a'] }]) {
    assert.equal(parseToGraphWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('(unit) graph messages: a palette drop into a job names it; a model with jobs passes, broken groups do not', () => {
  assert.deepEqual(parseFromGraphWebview({ type: 'addStep', stepType: 'shell', job: 'build' }), { type: 'addStep', stepType: 'shell', job: 'build' });
  assert.deepEqual(parseFromGraphWebview({ type: 'addStep', stepType: 'shell', needs: ['a'], job: 'build' }), { type: 'addStep', stepType: 'shell', needs: ['a'], job: 'build' });
  assert.equal(parseFromGraphWebview({ type: 'addStep', stepType: 'shell', job: '../x' }), undefined);
  const text = 'version: 1\njobs:\n  build:\n    steps:\n      a: {type: shell, with: {run: x}}\n  test:\n    needs: build\n    steps:\n      b: {type: shell, with: {run: y}}\n';
  const graph = JSON.parse(JSON.stringify(buildGraphModel(parsePipeline(text))));
  assert.equal(graph.groups.length, 2);
  assert.equal(parseToGraphWebview({ type: 'graph', graph, version: 1 })?.type, 'graph');
  assert.equal(parseToGraphWebview({ type: 'graph', graph: { ...graph, groups: [{ id: 'build' }] }, version: 1 }), undefined);
  assert.equal(parseToGraphWebview({ type: 'graph', graph: { ...graph, groupEdges: [{ from: 1 }] }, version: 1 }), undefined);
});

test('(unit) graph messages: a graph patch passes after JSON; malformed patches do not', () => {
  const before = buildGraphModel(parsePipeline('version: 1\nsteps:\n  a: {type: shell, with: {run: x}}\n'));
  const after = buildGraphModel(parsePipeline('version: 1\nname: n\nsteps:\n  a: {type: shell, with: {run: x}}\n  b: {type: shell, needs: a, with: {run: y}}\n'));
  const patch = JSON.parse(JSON.stringify(graphPatch(before, after)));
  assert.equal(patch.nodes.length, 1);
  const ok = parseToGraphWebview({ type: 'graphPatch', base: 1, version: 2, patch });
  assert.equal(ok?.type, 'graphPatch');
  // Equal as drawn: text ranges are not kept current in the webview's copy.
  const drawn = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'range' || k === 'idRange' ? undefined : x));
  assert.deepEqual(JSON.parse(drawn(applyGraphPatch(before, (ok as { patch: GraphPatch }).patch))), JSON.parse(drawn(after)));
  for (const bad of [
    { type: 'graphPatch', base: 1, version: 2 },
    { type: 'graphPatch', base: '1', version: 2, patch },
    { type: 'graphPatch', base: 1, version: 2, patch: { ...patch, nodes: [{ at: 0, node: { id: 'b' } }] } },
    { type: 'graphPatch', base: 1, version: 2, patch: { ...patch, nodes: [{ at: -1, node: patch.nodes[0].node }] } },
    { type: 'graphPatch', base: 1, version: 2, patch: { ...patch, edges: [{ at: 0, edge: { from: 1 } }] } },
    { type: 'graphPatch', base: 1, version: 2, patch: { ...patch, set: { layers: 'a' } } },
    { type: 'graphPatch', base: 1, version: 2, patch: { ...patch, removedNodes: [3] } },
  ]) {
    assert.equal(parseToGraphWebview(bad), undefined, JSON.stringify(bad).slice(0, 120));
  }
});

test('(unit) graph messages: the debugger\'s paused steps pass as step ids only; a paused status is a status', () => {
  assert.deepEqual(parseToGraphWebview({ type: 'paused', ids: ['build', 'deploy-2'], extra: 1 }), { type: 'paused', ids: ['build', 'deploy-2'] });
  assert.deepEqual(parseToGraphWebview({ type: 'paused', ids: [] }), { type: 'paused', ids: [] });
  assert.equal(parseToGraphWebview({ type: 'paused' }), undefined);
  assert.equal(parseToGraphWebview({ type: 'paused', ids: ['<img src=x>'] }), undefined);
  assert.equal(parseToGraphWebview({ type: 'paused', ids: [1] }), undefined);
  assert.deepEqual(parseToGraphWebview({ type: 'status', statuses: { a: 'paused' } }), { type: 'status', statuses: { a: 'paused' } });
});
