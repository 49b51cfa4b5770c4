// The last minutes of usage per row, kept in memory on the host so a Resources panel can draw
// sparklines without asking any API for history (metrics.k8s.io and the kubelet Summary only give
// the current value). Old points and rows not seen for a whole window are dropped, so memory is
// bounded by rows × window / poll interval.

/** One reading of one row. */
export interface UsagePoint {
  /** Epoch milliseconds. */
  t: number;
  cpuMillicores: number;
  memoryBytes: number;
}

/** The default window: 15 minutes. */
export const USAGE_WINDOW_MS = 15 * 60_000;

export class UsageHistory {
  private readonly points = new Map<string, UsagePoint[]>();

  constructor(private readonly windowMs = USAGE_WINDOW_MS) {}

  /** Records one reading of every row seen at `t` (keys are the rows' stable keys). */
  add(t: number, rows: Iterable<{ key: string; cpuMillicores: number; memoryBytes: number }>): void {
    for (const r of rows) {
      let list = this.points.get(r.key);
      if (!list) this.points.set(r.key, (list = []));
      // A reading older than the last one (a slow answer overtaken by a newer one) would fold the line back.
      if (list.length && list[list.length - 1].t >= t) continue;
      list.push({ t, cpuMillicores: r.cpuMillicores, memoryBytes: r.memoryBytes });
    }
    this.prune(t);
  }

  /** Points of `key` within the window, oldest first (empty for an unknown key). */
  series(key: string): readonly UsagePoint[] {
    return this.points.get(key) ?? [];
  }

  /** Rows with at least one point in the window. */
  get size(): number {
    return this.points.size;
  }

  private prune(now: number): void {
    const oldest = now - this.windowMs;
    for (const [key, list] of this.points) {
      let drop = 0;
      while (drop < list.length && list[drop].t < oldest) drop++;
      if (drop === list.length) this.points.delete(key);
      else if (drop) list.splice(0, drop);
    }
  }
}

/**
 * At most `max` values of a series for drawing: the newest point of each of `max` equal time buckets,
 * so a long window costs the page a fixed number of points.
 */
export function downsample(points: readonly UsagePoint[], pick: (p: UsagePoint) => number, max: number): number[] {
  if (points.length <= max) return points.map(pick);
  const out: number[] = [];
  for (let i = 1; i <= max; i++) out.push(pick(points[Math.ceil((i * points.length) / max) - 1]));
  return out;
}
