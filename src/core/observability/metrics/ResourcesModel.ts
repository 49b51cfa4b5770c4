// The state behind one Resources panel: readings kept as a 15-minute history per row, and the view the
// page draws (tables sorted, top-N, formatted figures, sparkline values). The panel decides when to
// poll (only while visible); this holds no timer.
import { downsample, UsageHistory, USAGE_WINDOW_MS } from './usageHistory.js';
import { formatBytes, formatMillicores } from './quantities.js';
import { sortRows, topRows, type ResourceRow, type SortBy, type SortDir } from './resourceRows.js';
import type { ResourcesReading } from './resourcesTarget.js';

/** A row as drawn: figures as text and the sparkline values over the window (oldest first). */
export interface ResourceViewRow {
  key: string;
  kind: ResourceRow['kind'];
  name: string;
  namespace?: string;
  pod?: string;
  cpu: string;
  memory: string;
  cpuSeries: number[];
  memorySeries: number[];
}

/** What the page draws. */
export interface ResourcesView {
  title: string;
  /** Epoch ms of the reading shown; 0 before the first. */
  time: number;
  source: ResourcesReading['source'] | 'none';
  note?: string;
  /** The last reading failed (the rows are the one before). */
  error?: string;
  sort: { by: SortBy; dir: SortDir };
  topN: number;
  nodes: ResourceViewRow[];
  pods: ResourceViewRow[];
  containers: ResourceViewRow[];
  topCpu: ResourceViewRow[];
  topMemory: ResourceViewRow[];
  windowMinutes: number;
  /** Rows of each table left out past {@link TABLE_ROWS} in the chosen order (absent when none were). */
  omitted?: { nodes: number; pods: number; containers: number };
}

/** Sparkline points sent per row; a 15-minute window at a 5 s poll has 180. */
export const SPARK_POINTS = 60;

/**
 * Rows sent per table, in the chosen sort (the rest are counted): a namespace of 1,000 pods made each
 * update a 2.2 MiB message, mostly sparklines nobody scrolls to. Sorting again brings others in.
 */
export const TABLE_ROWS = 200;

export class ResourcesModel {
  readonly history: UsageHistory;
  private last: ResourcesReading | undefined;
  private error: string | undefined;
  sort: { by: SortBy; dir: SortDir } = { by: 'cpu', dir: 'desc' };
  topN = 5;

  constructor(
    readonly title: string,
    private readonly read: (signal: AbortSignal) => Promise<ResourcesReading>,
    private readonly windowMs = USAGE_WINDOW_MS,
  ) {
    this.history = new UsageHistory(windowMs);
  }

  /** Takes one reading into the history; a failure is kept as the view's error, not thrown. */
  async poll(signal: AbortSignal): Promise<void> {
    try {
      const r = await this.read(signal);
      if (signal.aborted) return;
      this.history.add(r.time, r.rows);
      this.last = r;
      this.error = undefined;
    } catch (e) {
      if (!signal.aborted) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  view(): ResourcesView {
    const rows = this.last?.rows ?? [];
    const draw = (r: ResourceRow): ResourceViewRow => {
      const s = this.history.series(r.key);
      return {
        key: r.key,
        kind: r.kind,
        name: r.name,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
        ...(r.pod !== undefined ? { pod: r.pod } : {}),
        cpu: formatMillicores(r.cpuMillicores),
        memory: formatBytes(r.memoryBytes),
        cpuSeries: downsample(s, (p) => p.cpuMillicores, SPARK_POINTS),
        memorySeries: downsample(s, (p) => p.memoryBytes, SPARK_POINTS),
      };
    };
    const sorted = sortRows(rows, this.sort.by, this.sort.dir);
    const ofKind = (kind: ResourceRow['kind']) => sorted.filter((r) => r.kind === kind);
    const nodes = ofKind('node');
    const pods = ofKind('pod');
    const containers = ofKind('container');
    const over = (list: ResourceRow[]) => Math.max(0, list.length - TABLE_ROWS);
    const omitted = { nodes: over(nodes), pods: over(pods), containers: over(containers) };
    return {
      title: this.title,
      time: this.last?.time ?? 0,
      source: this.last?.source ?? 'none',
      ...(this.last?.note ? { note: this.last.note } : {}),
      ...(this.error ? { error: this.error } : {}),
      sort: { ...this.sort },
      topN: this.topN,
      nodes: nodes.slice(0, TABLE_ROWS).map(draw),
      pods: pods.slice(0, TABLE_ROWS).map(draw),
      containers: containers.slice(0, TABLE_ROWS).map(draw),
      topCpu: topRows(rows, 'cpu', this.topN).map(draw),
      topMemory: topRows(rows, 'memory', this.topN).map(draw),
      windowMinutes: Math.round(this.windowMs / 60_000),
      ...(omitted.nodes + omitted.pods + omitted.containers > 0 ? { omitted } : {}),
    };
  }
}
