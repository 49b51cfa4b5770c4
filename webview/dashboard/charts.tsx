// Inline-SVG charts for the dashboard. They draw only what the host computed; no chart library.
import type { DayRate, DurationPoint } from '../shared/messages.js';

/** Formats milliseconds compactly for axes and tables. */
export function ms(v: number): string {
  if (v < 1000) return `${Math.round(v)}ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)}s`;
  return `${Math.floor(v / 60_000)}m${String(Math.round((v % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** Stacked bars of passed/failed runs per day, with the overall success rate in the title. */
export function SuccessChart({ days }: { days: DayRate[] }) {
  const W = 360;
  const H = 120;
  const max = Math.max(1, ...days.map((d) => d.total));
  const bw = W / Math.max(1, days.length);
  const total = days.reduce((n, d) => n + d.total, 0);
  const ok = days.reduce((n, d) => n + d.success, 0);
  return (
    <figure aria-label="Success rate over time">
      <figcaption class="muted">{total ? `${Math.round((ok / total) * 100)}% of ${total} runs succeeded` : 'No finished runs in this period'}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 14}`} width="100%" role="img">
        <line class="axis" x1={0} y1={H} x2={W} y2={H} />
        {days.map((d, i) => {
          const hs = (d.success / max) * H;
          const hf = ((d.total - d.success) / max) * H;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.success}/${d.total} succeeded`}</title>
              <rect class="bar-success" x={i * bw + 1} y={H - hs} width={Math.max(1, bw - 2)} height={hs} />
              <rect class="bar-failed" x={i * bw + 1} y={H - hs - hf} width={Math.max(1, bw - 2)} height={hf} />
            </g>
          );
        })}
        {days.length > 0 && <text x={0} y={H + 12}>{days[0].day}</text>}
        {days.length > 1 && (
          <text x={W} y={H + 12} text-anchor="end">
            {days[days.length - 1].day}
          </text>
        )}
      </svg>
    </figure>
  );
}

/** A duration trend line; failed runs are red dots. */
export function DurationChart({ points, title, height = 100 }: { points: DurationPoint[]; title: string; height?: number }) {
  const W = 360;
  const H = height;
  const max = Math.max(1, ...points.map((p) => p.durationMs));
  const x = (i: number) => (points.length > 1 ? (i / (points.length - 1)) * (W - 8) + 4 : W / 2);
  const y = (v: number) => H - (v / max) * (H - 8) - 2;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.durationMs).toFixed(1)}`).join(' ');
  return (
    <figure aria-label={title}>
      <figcaption class="muted">
        {title} · max {ms(max)} · {points.length} runs
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img">
        <line class="axis" x1={0} y1={H - 1} x2={W} y2={H - 1} />
        {points.length > 1 && <path class="line" d={path} />}
        {points.map((p, i) => (
          <circle key={p.runId} class={p.status === 'success' ? 'dot-success' : 'dot-failed'} cx={x(i)} cy={y(p.durationMs)} r={2.5}>
            <title>{`${p.runId}: ${ms(p.durationMs)} (${p.status})`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}

/** A horizontal bar proportional to `value / max`, for table cells. */
export function Bar({ value, max }: { value: number; max: number }) {
  const w = max > 0 ? Math.max(1, (value / max) * 120) : 0;
  return (
    <svg width={124} height={10} aria-hidden="true">
      <rect class="dot-success" x={0} y={1} width={w} height={8} />
    </svg>
  );
}
