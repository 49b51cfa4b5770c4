// Finds the level a line states, for the level filter. Looks for the tokens common loggers write
// (logfmt `level=warn`, JSON `"level":"error"`, bracketed `[WARN]`, klog's `E0102 …` prefix, bare
// `ERROR`/`Warning:` words) in the first part of the line only, so a long line costs no more.
import type { LogLevel } from './logLine.js';

const HEAD = 200;
const WORDS: Record<string, LogLevel> = {
  fatal: 'error', panic: 'error', crit: 'error', critical: 'error', err: 'error', error: 'error', severe: 'error', emerg: 'error', alert: 'error',
  warn: 'warn', warning: 'warn',
  info: 'info', notice: 'info', information: 'info',
  debug: 'debug', dbug: 'debug', dbg: 'debug',
  trace: 'trace', trc: 'trace', verbose: 'trace',
};
const KEYED = /\b(?:level|lvl|severity|loglevel)"?\s*[=:]\s*"?([a-z]+)/i;
const WORD = /(?:^|[\s[(<|])([A-Za-z]{3,11})(?=[\]):>|\s]|$)/g;
const KLOG = /^([EWID])\d{4} \d\d:\d\d:\d\d/;
const KLOG_LEVELS: Record<string, LogLevel> = { E: 'error', W: 'warn', I: 'info', D: 'debug' };

/** The level a line names, or `undefined`; a keyed form (`level=…`) wins over a bare word. */
export function detectLevel(text: string): LogLevel | undefined {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const keyed = KEYED.exec(head);
  if (keyed) {
    const l = WORDS[keyed[1].toLowerCase()];
    if (l) return l;
  }
  const k = KLOG.exec(head);
  if (k) return KLOG_LEVELS[k[1]];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(head); m; m = WORD.exec(head)) {
    const w = m[1];
    // Bare words count only when written as a level usually is (ERROR, Error), not "an error occurred".
    if (w !== w.toUpperCase() && !(w[0] === w[0].toUpperCase() && /[:\]]/.test(head[m.index + m[0].length] ?? ''))) continue;
    const l = WORDS[w.toLowerCase()];
    if (l) return l;
  }
  return undefined;
}
