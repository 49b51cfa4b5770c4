// Folds the per-layer messages of a pull or push into one figure for a progress bar: the sum of
// the layers' current bytes over the sum of their totals, with the latest status as the message.
import type { TransferProgress } from '../../clients/docker/dockerTransfer.js';

/** Layer progress accumulated across messages; feed it every TransferProgress in order. */
export class LayerProgress {
  private readonly layers = new Map<string, { current: number; total: number; done: boolean }>();
  private reported = 0;

  /** Records one message; returns the percent points gained since the last call (for `progress.report({ increment })`) and a message. */
  update(p: TransferProgress): { increment: number; message: string } {
    if (p.id && /^[0-9a-f]{12}$/.test(p.id)) {
      const l = this.layers.get(p.id) ?? { current: 0, total: 0, done: false };
      if (p.total) l.total = p.total;
      if (p.current !== undefined) l.current = p.current;
      if (/^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from)/.test(p.status)) l.done = true;
      this.layers.set(p.id, l);
    }
    const now = this.percent();
    const increment = Math.max(0, now - this.reported);
    this.reported = Math.max(this.reported, now);
    const doneCount = [...this.layers.values()].filter((l) => l.done).length;
    const layers = this.layers.size ? ` (${doneCount}/${this.layers.size} layers)` : '';
    return { increment, message: `${p.id && !/^[0-9a-f]{12}$/.test(p.id) ? `${p.id}: ` : ''}${p.status}${layers}` };
  }

  /** 0–100 over the layers seen so far; a finished layer counts as whole even without byte counts. */
  percent(): number {
    if (!this.layers.size) return 0;
    let sum = 0;
    for (const l of this.layers.values()) sum += l.done ? 1 : l.total ? Math.min(1, l.current / l.total) : 0;
    return (sum / this.layers.size) * 100;
  }
}
