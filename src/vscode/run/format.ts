// Small formatting helpers shared by the terminal, trees, status bar and notifications. Pure.

/** `850ms`, `4.2s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago` relative to `now`. */
export function formatAgo(time: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** Median of a list; undefined for an empty one. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** True when a run has taken longer than `factor` × the median of earlier durations (needs 3 of them). */
export function isOverdue(elapsedMs: number, history: readonly number[], factor: number): boolean {
  if (history.length < 3 || factor <= 0) return false;
  const m = median(history);
  return m !== undefined && m > 0 && elapsedMs > m * factor;
}

/** The last `n` non-empty lines of a text, for failure messages. */
export function lastLines(text: string, n: number): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-n);
}

/** A failure reason worth showing: undefined when it only restates the exit code ("exited with code 2"). */
export function meaningfulReason(reason: string | undefined, exitCode: number | undefined): string | undefined {
  if (!reason) return undefined;
  if (exitCode !== undefined && new RegExp(`^(exited with |exit )?code ${exitCode}$|^exit code ${exitCode}$`).test(reason.trim())) return undefined;
  return reason;
}
