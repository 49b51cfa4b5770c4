import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, expandMatrix, parsePipeline } from '../../../../src/core/pipeline/index.js';
import { buildGraphModel, criticalPath } from '../../../../src/core/graph/index.js';

const PIPE = `version: 1
steps:
  lint: { type: shell, with: { run: x } }
  build: { type: shell, with: { run: x } }
  test: { type: shell, needs: [build, lint], with: { run: x } }
  package: { type: shell, needs: build, with: { run: x } }
  deploy: { type: shell, needs: [test, package], with: { run: x } }
finally:
  report: { type: shell, with: { run: x } }
  cleanup: { type: shell, needs: report, with: { run: x } }
`;

test('(unit) graph: nodes, edges with needs ranges, layers (finally last)', () => {
  const parsed = parsePipeline(PIPE);
  assert.deepEqual(parsed.diagnostics, []);
  const g = buildGraph(parsed.pipeline);
  assert.deepEqual(g.nodes.map((n) => n.id), ['lint', 'build', 'test', 'package', 'deploy', 'report', 'cleanup']);
  assert.deepEqual(g.layers, [['lint', 'build'], ['test', 'package'], ['deploy'], ['report'], ['cleanup']]);
  assert.deepEqual(g.cycles, []);
  const e = g.edges.find((x) => x.from === 'lint' && x.to === 'test')!;
  assert.equal(PIPE.slice(e.range.start, e.range.end), 'lint');
});

test('(unit) graph: critical path follows the longest chain by duration', () => {
  const model = buildGraphModel(parsePipeline(PIPE));
  assert.deepEqual(criticalPath(model, { lint: 1, build: 10, test: 5, package: 1, deploy: 2, report: 1, cleanup: 1 })?.ids, ['build', 'test', 'deploy', 'report', 'cleanup']);
  assert.deepEqual(criticalPath(model, { lint: 100, build: 1, test: 1, package: 1, deploy: 1 })?.ids.slice(0, 3), ['lint', 'test', 'deploy']);
});

test('(unit) graph: every cycle reported once; steps on cycles are left out of layers', () => {
  const text = `version: 1
steps:
  a: { type: shell, needs: b, with: { run: x } }
  b: { type: shell, needs: a, with: { run: x } }
  c: { type: shell, needs: c, with: { run: x } }
  d: { type: shell, with: { run: x } }
  e: { type: shell, needs: [a, d], with: { run: x } }
`;
  const g = buildGraph(parsePipeline(text).pipeline);
  assert.deepEqual(g.cycles, [['a', 'b'], ['c']]);
  assert.deepEqual(g.layers, [['d']]);
});

test('(unit) graph: deep chains do not overflow the stack', () => {
  const lines = ['version: 1', 'steps:', '  s0: { type: shell, with: { run: x } }'];
  for (let i = 1; i < 5000; i++) lines.push(`  s${i}: { type: shell, needs: s${i - 1}, with: { run: x } }`);
  lines.push('  s0x: { type: shell, needs: s4999, with: { run: x } }');
  const g = buildGraph(parsePipeline(lines.join('\n')).pipeline);
  assert.equal(g.layers.length, 5001);
});

test('(unit) matrix: product, exclude, include (new combos and extra keys), instance keys', () => {
  const text = `version: 1
steps:
  t:
    type: shell
    matrix:
      os: [linux, mac]
      node: [18, 20]
      exclude:
        - { os: mac, node: 18 }
      include:
        - { os: linux, node: 20, experimental: true }
        - { os: windows, node: 20 }
    with: { run: x }
  single: { type: shell, with: { run: x } }
`;
  const p = parsePipeline(text).pipeline;
  assert.deepEqual(expandMatrix(p.steps[0]!), [
    { key: 't[os=linux,node=18]', values: { os: 'linux', node: 18 } },
    { key: 't[os=linux,node=20,experimental=true]', values: { os: 'linux', node: 20, experimental: true } },
    { key: 't[os=mac,node=20]', values: { os: 'mac', node: 20 } },
    { key: 't[os=windows,node=20]', values: { os: 'windows', node: 20 } },
  ]);
  assert.deepEqual(expandMatrix(p.steps[1]!), [{ key: 'single', values: {} }]);
  assert.deepEqual(p.steps[0]!.matrixKeys, ['os', 'node', 'experimental']);
});
