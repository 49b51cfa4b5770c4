// (unit) The Resources protocol validates on arrival: the host's view (a real model's output round-trips)
// and the page's sort/top-N requests; anything malformed or unknown is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourcesModel } from '../../../src/core/observability/metrics/index.js';
import { parseFromResourcesWebview, parseToResourcesWebview } from '../../../webview/shared/resourceMessages.js';

test('(unit) resources protocol: a model\'s view round-trips; a bad row, source or sort is refused', async () => {
  const model = new ResourcesModel('Node n1', async () => ({ time: 5, source: 'kubelet-summary', note: 'Partial', rows: [{ key: 'node:n1', kind: 'node', name: 'n1', cpuMillicores: 5, memoryBytes: 9 }, { key: 'container:a/p/c', kind: 'container', name: 'c', namespace: 'a', pod: 'p', cpuMillicores: 1, memoryBytes: 2 }] }));
  await model.poll(new AbortController().signal);
  const msg = JSON.parse(JSON.stringify({ type: 'view', view: model.view() }));
  assert.deepEqual(parseToResourcesWebview(msg), msg);
  const bad = (f: (v: Record<string, unknown>) => void) => {
    const m = JSON.parse(JSON.stringify(msg));
    f(m.view);
    return parseToResourcesWebview(m);
  };
  assert.equal(bad((v) => (v.source = 'prometheus')), undefined);
  assert.equal(bad((v) => ((v.nodes as Array<Record<string, unknown>>)[0]!.cpuSeries = ['1'])), undefined);
  assert.equal(bad((v) => ((v.containers as Array<Record<string, unknown>>)[0]!.kind = 'volume')), undefined);
  assert.equal(bad((v) => (v.sort = { by: 'disk', dir: 'asc' })), undefined);
  assert.equal(bad((v) => delete v.topMemory), undefined);
  const omitted = JSON.parse(JSON.stringify(msg));
  omitted.view.omitted = { nodes: 0, pods: 800, containers: 0 };
  assert.deepEqual(parseToResourcesWebview(omitted), omitted);
  assert.equal(bad((v) => (v.omitted = { nodes: 0, pods: -1, containers: 0 })), undefined);
  assert.equal(bad((v) => (v.omitted = { pods: 3 })), undefined);
  assert.equal(parseToResourcesWebview({ type: 'lines' }), undefined);
  assert.equal(parseToResourcesWebview(null), undefined);
});

test('(unit) resources protocol: the page may ask for ready, a sort and a top-N of the offered sizes only', () => {
  assert.deepEqual(parseFromResourcesWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromResourcesWebview({ type: 'sort', by: 'memory', dir: 'asc', extra: 1 }), { type: 'sort', by: 'memory', dir: 'asc' });
  assert.equal(parseFromResourcesWebview({ type: 'sort', by: 'memory', dir: 'up' }), undefined);
  assert.equal(parseFromResourcesWebview({ type: 'sort', by: '__proto__', dir: 'asc' }), undefined);
  assert.deepEqual(parseFromResourcesWebview({ type: 'topN', n: 10 }), { type: 'topN', n: 10 });
  assert.equal(parseFromResourcesWebview({ type: 'topN', n: 7 }), undefined);
  assert.equal(parseFromResourcesWebview({ type: 'topN', n: 1e9 }), undefined);
  assert.equal(parseFromResourcesWebview({ type: 'export' }), undefined);
  assert.equal(parseFromResourcesWebview('ready'), undefined);
});
