// Keeps the diagnostics of a hostile text small: messages quote bad tokens, and a megabyte of garbage
// once produced megabytes of messages. Each quoted run and each message is shortened, and past a
// number of diagnostics of one code only a count is reported.
import type { Diagnostic } from '../../contracts/diagnostics.js';

/** Characters of a bad token a message may quote. */
export const MAX_QUOTED = 80;
const MAX_MESSAGE = 300;
/** Diagnostics kept per code; the rest become one summary diagnostic. */
export const MAX_PER_CODE = 100;

/** Shortens quoted runs (`'…'`, `"…"`) longer than {@link MAX_QUOTED} and the message as a whole. */
export function shortenMessage(message: string): string {
  if (message.length <= MAX_QUOTED) return message;
  // Cut first so the regex below never scans a megabyte-long message.
  const head = message.length > 4 * MAX_MESSAGE ? message.slice(0, 4 * MAX_MESSAGE) : message;
  // Double-quoted runs may hold JSON escapes (yaml quotes bad tokens with JSON.stringify); a run
  // the cut above left open counts as quoted up to the end.
  const short = head.replace(/"((?:[^"\\\n]|\\[\s\S]?)*)(?:"|$)|'([^'\n]*)(?:'|$)|`([^`\n]*)(?:`|$)/g, (m: string, dq?: string, sq?: string, bq?: string) => {
    const body = dq ?? sq ?? bq ?? '';
    const q = m[0]!;
    return body.length > MAX_QUOTED ? `${q}${body.slice(0, MAX_QUOTED - 1)}…${q}` : m;
  });
  return short.length > MAX_MESSAGE ? `${short.slice(0, MAX_MESSAGE - 1)}…` : short;
}

/** Applies {@link shortenMessage} and the per-code cap; `diagnostics` must be sorted by position. */
export function boundDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const counts = new Map<string, number>();
  const out: Diagnostic[] = [];
  let dropped: Diagnostic | undefined;
  let droppedCount = 0;
  for (const d of diagnostics) {
    const n = (counts.get(d.code) ?? 0) + 1;
    counts.set(d.code, n);
    if (n > MAX_PER_CODE) {
      dropped ??= d;
      droppedCount++;
      continue;
    }
    d.message = shortenMessage(d.message);
    if (d.related) for (const r of d.related) r.message = shortenMessage(r.message);
    out.push(d);
  }
  if (dropped) out.push({ severity: dropped.severity, code: dropped.code, message: `${droppedCount.toLocaleString('en-US')} more problems like the ones above are not listed`, range: dropped.range });
  return out;
}
