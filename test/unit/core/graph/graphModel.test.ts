// (unit) The graph editor's model: nodes, edges, layers, matrix groups, finally, statuses, diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { buildGraphModel, nodeAtOffset, nodeStatuses, upstreamOf, withStatuses } from '../../../../src/core/graph/index.js';

const TEXT = `version: 1
name: demo
templates:
  tpl:
    type: shell
    with:
      run: echo tpl
steps:
  lint:
    type: shell
    with:
      run: echo lint
  test:
    name: Unit tests
    type: shell
    needs: [lint]
    matrix:
      node: [18, 20, 22]
    with:
      run: echo \${{ matrix.node }}
  pack:
    uses: tpl
    needs: [lint]
  ship:
    type: shell
    needs: [test, pack]
    with:
      run: echo ship
finally:
  notify:
    type: shell
    with:
      run: echo done
`;

test('(unit) graph model: nodes carry type, name, range, origin template, matrix count; layers and finally', () => {
  const m = buildGraphModel(parsePipeline(TEXT));
  assert.equal(m.name, 'demo');
  assert.deepEqual(m.nodes.map((n) => n.id), ['lint', 'test', 'pack', 'ship', 'notify']);
  const byId = Object.fromEntries(m.nodes.map((n) => [n.id, n]));
  assert.equal(byId.test!.name, 'Unit tests');
  assert.equal(byId.lint!.name, 'lint');
  assert.equal(byId.pack!.type, 'shell');
  assert.deepEqual(byId.pack!.origin, { template: 'tpl' });
  assert.equal(byId.test!.matrix?.count, 3);
  assert.equal(byId.notify!.section, 'finally');
  assert.equal(TEXT.slice(byId.ship!.idRange.start, byId.ship!.idRange.end), 'ship');
  assert.deepEqual(m.layers, [['lint'], ['test', 'pack'], ['ship'], ['notify']]);
  assert.deepEqual([byId.pack!.layer, byId.pack!.order], [1, 1]);
  assert.equal(byId.notify!.layer, 3, 'finally after every normal layer');
  assert.deepEqual(m.edges.map((e) => `${e.from}>${e.to}`), ['lint>test', 'lint>pack', 'test>ship', 'pack>ship']);
  assert.deepEqual(upstreamOf(m, 'ship').sort(), ['lint', 'pack', 'test']);
  assert.equal(nodeAtOffset(m, TEXT.indexOf('echo ship'))?.id, 'ship');
  assert.equal(nodeAtOffset(m, 0), undefined);
});

test('(unit) graph model: statuses overlay, cycle nodes out of layers, diagnostics as badges', () => {
  const text = `version: 1\nsteps:\n  a:\n    type: shell\n    needs: [b]\n    with: {run: x}\n  b:\n    type: shell\n    needs: [a]\n    with: {run: x}\n  c:\n    type: nosuch\n  d:\n    type: shell\n    with: {run: x}\n`;
  const parsed = parsePipeline(text);
  const m = buildGraphModel(parsed);
  assert.deepEqual(m.cycles.length, 1);
  assert.ok(m.edges.every((e) => e.onCycle));
  const a = m.nodes.find((n) => n.id === 'a')!;
  assert.equal(a.layer, -1);
  const c = m.nodes.find((n) => n.id === 'c')!;
  assert.ok(c.errors >= 1, 'unknown type badge');
  assert.ok(c.problems[0]!.length > 0);
  const d = m.nodes.find((n) => n.id === 'd')!;
  assert.deepEqual([d.errors, d.warnings, d.problems], [0, 0, []], 'problems of other steps are not counted on a clean step');
  const s = withStatuses(m, { c: 'failed' });
  assert.equal(s.nodes.find((n) => n.id === 'c')!.status, 'failed');
  assert.equal(s.nodes.find((n) => n.id === 'a')!.status, 'idle');
});

test('(unit) run overlay: instance statuses fold into one node status, approvals show as waiting', () => {
  const s = nodeStatuses([
    { stepId: 'build', status: 'success' },
    { stepId: 'test', status: 'success' },
    { stepId: 'test', status: 'failed' },
    { stepId: 'test', status: 'running' },
    { stepId: 'gate', status: 'running', approval: {} },
    { stepId: 'done', status: 'running', approval: { decision: 'approved' } },
    { stepId: 'cache', status: 'up-to-date' },
    { stepId: 'late', status: 'timed-out' },
  ]);
  assert.deepEqual(s, { build: 'succeeded', test: 'failed', gate: 'waiting', done: 'running', cache: 'succeeded', late: 'failed' });
});

test('(unit) graph model: jobs are groups (label, steps, matrix count); job needs are one group edge each, their step edges marked', () => {
  const text = [
    'version: 1',
    'steps:',
    '  lint: {type: shell, with: {run: x}}',
    '  publish: {type: shell, needs: test, with: {run: p}}',
    'jobs:',
    '  build:',
    '    name: Build it',
    '    needs: lint',
    '    steps:',
    '      install: {type: shell, with: {run: a}}',
    '      compile: {type: shell, with: {run: b}}',
    '  test:',
    '    needs: [build]',
    '    matrix: {node: [18, 20, 22]}',
    '    steps:',
    '      unit: {type: shell, with: {run: c}}',
    '      e2e: {type: shell, needs: [unit, lint], with: {run: d}}',
    '',
  ].join('\n');
  const m = buildGraphModel(parsePipeline(text));
  assert.deepEqual(m.groups?.map((g) => [g.id, g.label, g.steps, g.matrix?.count]), [
    ['build', 'Build it', ['install', 'compile'], undefined],
    ['test', 'test', ['unit', 'e2e'], 3],
  ]);
  assert.equal(text.slice(m.groups![1]!.nameRange.start, m.groups![1]!.nameRange.end), 'test');
  const byId = Object.fromEntries(m.nodes.map((n) => [n.id, n]));
  assert.equal(byId.compile!.job, 'build');
  assert.equal(byId.lint!.job, undefined);
  assert.deepEqual(m.groupEdges?.map((e) => `${e.from}>${e.to}`), ['lint>build', 'build>test', 'test>publish']);
  const via = Object.fromEntries(m.edges.map((e) => [`${e.from}>${e.to}`, e.via ?? 'needs']));
  assert.deepEqual(via, {
    'unit>publish': 'job',
    'e2e>publish': 'job',
    'lint>install': 'job',
    'install>compile': 'order',
    'install>unit': 'job',
    'compile>unit': 'job',
    'unit>e2e': 'needs',
    'lint>e2e': 'needs',
  });
  // Without jobs, no groups at all (the model stays as it was).
  const plain = buildGraphModel(parsePipeline('version: 1\nsteps:\n  a: {type: shell, with: {run: x}}\n'));
  assert.equal(plain.groups, undefined);
  assert.equal(plain.groupEdges, undefined);
});
