// A sparkline: the values as an SVG polyline scaled to their own maximum (so a flat line near zero
// stays near the bottom instead of filling the box).
const W = 120;
const H = 22;

/** SVG points for `values` in a W×H box; empty for fewer than two values. */
export function sparkPoints(values: readonly number[], w = W, h = H): string {
  if (values.length < 2) return '';
  const max = Math.max(...values, 0);
  const step = w / (values.length - 1);
  return values.map((v, i) => `${(i * step).toFixed(1)},${(max > 0 ? h - 1 - (v / max) * (h - 2) : h - 1).toFixed(1)}`).join(' ');
}

export function Sparkline({ values, kind }: { values: readonly number[]; kind: 'cpu' | 'memory' }) {
  return (
    <svg class={`spark ${kind}`} width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${kind} over time`}>
      <polyline points={sparkPoints(values)} />
    </svg>
  );
}
