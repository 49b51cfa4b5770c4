// Where an edge runs, as drawn (render.tsx's pathOf), and which edge passes nearest a point. Far out a
// big graph's edges are drawn as a few shared paths (farView.tsx), so a click on one cannot say which
// edge it hit: the editor asks here instead.
import type { Direction, Point } from './layout.js';

/** The control points of a two-point edge's curve (a cubic Bézier), as pathOf draws it. */
export function curveControls(a: Point, b: Point, dir: Direction): [Point, Point] {
  if (dir === 'DOWN') {
    const dy = Math.max(24, (b.y - a.y) / 2);
    return [
      { x: a.x, y: a.y + dy },
      { x: b.x, y: b.y - dy },
    ];
  }
  const dx = Math.max(24, (b.x - a.x) / 2);
  return [
    { x: a.x + dx, y: a.y },
    { x: b.x - dx, y: b.y },
  ];
}

/** Enough for a curve between two layers to stay within a pixel or two of the drawn one. */
const CURVE_SAMPLES = 24;

function polyline(points: Point[], dir: Direction): Point[] {
  if (points.length !== 2) return points;
  const [a, b] = points as [Point, Point];
  const [c1, c2] = curveControls(a, b, dir);
  const out: Point[] = [];
  for (let i = 0; i <= CURVE_SAMPLES; i++) {
    const t = i / CURVE_SAMPLES;
    const u = 1 - t;
    out.push({ x: u * u * u * a.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * b.x, y: u * u * u * a.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * b.y });
  }
  return out;
}

function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The key of the edge passing nearest `p`, if one passes within `tolerance` (graph units). */
export function edgeAt(edges: ReadonlyArray<{ key: string; points: Point[] }>, p: Point, dir: Direction, tolerance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = tolerance;
  for (const e of edges) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const q of e.points) {
      x0 = Math.min(x0, q.x);
      y0 = Math.min(y0, q.y);
      x1 = Math.max(x1, q.x);
      y1 = Math.max(y1, q.y);
    }
    // A curve stays inside its end points' box widened by its bend; skip edges far from the point.
    if (p.x < x0 - bestDistance - 24 || p.x > x1 + bestDistance + 24 || p.y < y0 - bestDistance - 24 || p.y > y1 + bestDistance + 24) continue;
    const line = polyline(e.points, dir);
    for (let i = 1; i < line.length; i++) {
      const d = segmentDistance(p, line[i - 1]!, line[i]!);
      if (d <= bestDistance) {
        bestDistance = d;
        best = e.key;
      }
    }
  }
  return best;
}
