// The "Pod Logs…" form: kubectl-style `--since` durations and `--tail` counts typed by a person,
// checked and turned into the log API's sinceSeconds / tailLines.
import type { PodLogOptions } from '../../clients/kubernetes/index.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `10m`, `1h30m`, `2d` → seconds; '' → undefined; anything else → an error message. */
export function parseSince(text: string): number | undefined | { error: string } {
  const t = text.trim();
  if (!t) return undefined;
  const parts = [...t.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) return { error: 'A duration like 30s, 10m, 2h or 1h30m' };
  const secs = parts.reduce((a, p) => a + Number(p[1]) * UNITS[p[2]!]!, 0);
  return secs > 0 ? secs : { error: 'The duration must be more than 0' };
}

/** `200` → 200; '' or `all` → undefined (every line). */
export function parseTail(text: string): number | undefined | { error: string } {
  const t = text.trim().toLowerCase();
  if (!t || t === 'all') return undefined;
  return /^\d+$/.test(t) && Number(t) > 0 ? Number(t) : { error: 'A number of lines, or empty for all' };
}

/** The chosen form as log API options. */
export function logOptionsFrom(form: { follow: boolean; previous: boolean; tail: string; since: string }): Omit<PodLogOptions, 'signal' | 'container'> | { error: string } {
  const tail = parseTail(form.tail);
  if (tail && typeof tail === 'object') return tail;
  const since = parseSince(form.since);
  if (since && typeof since === 'object') return since;
  // kubectl refuses to follow a previous (terminated) container's log; so do we.
  if (form.follow && form.previous) return { error: 'The previous container has stopped: its log cannot be followed' };
  return { follow: form.follow || undefined, previous: form.previous || undefined, tailLines: tail, sinceSeconds: since };
}
