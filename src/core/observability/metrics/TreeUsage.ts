// Usage figures for tree rows (pods and nodes of the Clusters view): one reading per context that rows
// were drawn for, repeated every interval while the view is visible and the setting is on, and only for
// contexts whose rows were drawn since the last reading, so a hidden or collapsed tree costs nothing.
import type { KubeMetrics } from './kubeMetrics.js';

type Usage = { cpuMillicores: number; memoryBytes: number };

interface ContextUsage {
  /** `pod:<ns>/<name>` and `node:<name>` of the last reading. */
  rows?: Map<string, Usage>;
  /** Rows of this context were drawn since the last reading. */
  wanted: boolean;
  reading?: Promise<void>;
}

export interface TreeUsageOptions {
  /** Time between readings of a wanted context. */
  intervalMs?: number;
}

export class TreeUsage {
  private readonly contexts = new Map<string, ContextUsage>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private enabled = false;
  private visible = true;
  private abort = new AbortController();
  private readonly intervalMs: number;

  constructor(
    private readonly read: (context: string, signal: AbortSignal) => Promise<KubeMetrics>,
    o: TreeUsageOptions = {},
  ) {
    this.intervalMs = o.intervalMs ?? 15_000;
  }

  /** The setting: off drops every figure and stops reading. */
  setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.enabled = on;
    if (!on) this.contexts.clear();
    this.update();
    this.fire();
  }

  /** The view's visibility: hidden stops reading (the figures kept are shown again at once). */
  setVisible(on: boolean): void {
    this.visible = on;
    this.update();
  }

  get active(): boolean {
    return this.enabled && this.visible;
  }

  /** Usage of a Pod or Node row, or undefined (off, not read yet, not reported). Marks its context wanted. */
  usageOf(context: string, kind: string, name: string, namespace?: string): Usage | undefined {
    if (!this.enabled || (kind !== 'Pod' && kind !== 'Node')) return undefined;
    let c = this.contexts.get(context);
    if (!c) this.contexts.set(context, (c = { wanted: true }));
    c.wanted = true;
    // A context drawn for the first time is read now rather than at the next tick.
    if (!c.rows && this.active) void this.readContext(context, c);
    return c.rows?.get(kind === 'Pod' ? `pod:${namespace}/${name}` : `node:${name}`);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** One round of readings of the wanted contexts (what the timer runs). */
  async tick(): Promise<void> {
    await Promise.all([...this.contexts].filter(([, c]) => c.wanted).map(([name, c]) => this.readContext(name, c)));
  }

  private readContext(name: string, c: ContextUsage): Promise<void> {
    if (c.reading) return c.reading;
    c.wanted = false;
    const signal = this.abort.signal;
    c.reading = this.read(name, signal)
      .then((m) => {
        const rows = new Map<string, Usage>();
        for (const n of m.nodes) rows.set(`node:${n.name}`, n);
        for (const p of m.pods) rows.set(`pod:${p.namespace}/${p.name}`, p);
        return rows;
      })
      // A context without metrics shows rows without figures; the next tick tries again.
      .catch(() => new Map<string, Usage>())
      .then((rows) => {
        c.reading = undefined;
        if (signal.aborted || this.contexts.get(name) !== c) return;
        c.rows = rows;
        this.fire();
      });
    return c.reading;
  }

  private update(): void {
    if (this.active && !this.timer) {
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      void this.tick();
    } else if (!this.active && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.abort.abort();
      this.abort = new AbortController();
      for (const c of this.contexts.values()) c.reading = undefined;
    }
  }

  private fire(): void {
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.enabled = false;
    this.update();
    this.listeners.clear();
  }
}
