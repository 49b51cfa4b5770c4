// (unit) Which edge a click far out was on (webview/graph/edgeHit.ts): the nearest drawn edge within the
// tolerance, along the same curve the editor draws, and none when the click is off every edge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curveControls, edgeAt } from '../../../webview/graph/edgeHit.js';
import { pathOf } from '../../../webview/graph/render.js';

const a = { x: 0, y: 0 };
const b = { x: 200, y: 100 };
const edges = [
  { key: 'a>b', points: [a, b] },
  { key: 'c>d', points: [{ x: 0, y: 300 }, { x: 200, y: 300 }] },
  // A routed edge (ELK's bend points): straight segments.
  { key: 'e>f', points: [{ x: 400, y: 0 }, { x: 400, y: 200 }, { x: 600, y: 200 }] },
];

function onCurve(t: number): { x: number; y: number } {
  const [c1, c2] = curveControls(a, b, 'RIGHT');
  const u = 1 - t;
  return { x: u ** 3 * a.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t ** 3 * b.x, y: u ** 3 * a.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t ** 3 * b.y };
}

test('(unit) graph edge hit: the curve drawn is the curve tested', () => {
  const [c1, c2] = curveControls(a, b, 'RIGHT');
  assert.equal(pathOf([a, b], 'RIGHT'), `M0,0 C${c1.x},${c1.y} ${c2.x},${c2.y} 200,100`);
  const [d1, d2] = curveControls(a, b, 'DOWN');
  assert.equal(pathOf([a, b], 'DOWN'), `M0,0 C${d1.x},${d1.y} ${d2.x},${d2.y} 200,100`);
});

test('(unit) graph edge hit: points on or near an edge find it; points off every edge find none', () => {
  for (const t of [0.1, 0.3, 0.5, 0.77, 0.95]) {
    const p = onCurve(t);
    assert.equal(edgeAt(edges, p, 'RIGHT', 4), 'a>b', `t=${t}`);
    assert.equal(edgeAt(edges, { x: p.x, y: p.y + 3 }, 'RIGHT', 4), 'a>b', `t=${t}, 3 below`);
  }
  assert.equal(edgeAt(edges, { x: 100, y: 302 }, 'RIGHT', 4), 'c>d');
  assert.equal(edgeAt(edges, { x: 403, y: 120 }, 'RIGHT', 4), 'e>f');
  assert.equal(edgeAt(edges, { x: 500, y: 198 }, 'RIGHT', 4), 'e>f');
  // The curve bends: the straight line between its ends is not on it.
  assert.equal(edgeAt(edges, { x: 30, y: 15 }, 'RIGHT', 4), undefined);
  assert.equal(edgeAt(edges, { x: 100, y: 200 }, 'RIGHT', 4), undefined);
  assert.equal(edgeAt(edges, { x: 100, y: 310 }, 'RIGHT', 4), undefined);
  // Between two edges, the nearer one.
  const two = [
    { key: 'low', points: [{ x: 0, y: 10 }, { x: 100, y: 10 }] },
    { key: 'high', points: [{ x: 0, y: 0 }, { x: 100, y: 0 }] },
  ];
  assert.equal(edgeAt(two, { x: 50, y: 3 }, 'RIGHT', 8), 'high');
  assert.equal(edgeAt(two, { x: 50, y: 7 }, 'RIGHT', 8), 'low');
});
