// Cheap checks on the raw text before yaml sees it. yaml's memory grows with the number of nodes
// (about 1 KB each while composing) and its composer recurses once per nesting level, so a text with
// millions of list items or `[[[[…` runs the process out of memory or stack. One linear scan bounds
// both; pipelines people write are orders of magnitude below these limits.
import type { Diagnostic } from '../../contracts/diagnostics.js';

/** Limits on a pipeline text; every field has a default in {@link DEFAULT_INPUT_LIMITS}. */
export interface InputLimits {
  /** Lines plus flow-collection separators (`,`): an upper bound on the nodes yaml builds. */
  maxEntries: number;
  /** Nesting of block indentation, `- ` markers and `[`/`{` together. */
  maxDepth: number;
  /** Steps under `steps:` and `finally:` together. */
  maxSteps: number;
}

/** The limits used unless the caller passes others. */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxEntries: 300_000, maxDepth: 100, maxSteps: 10_000 };

function lineRange(text: string, pos: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  const end = nl === -1 ? text.length : nl;
  // Point at the place, not at a megabyte-long line.
  return { start: Math.max(start, pos), end: Math.max(Math.min(end, pos + 80), pos + 1) };
}

function tooLarge(text: string, pos: number, limits: InputLimits): Diagnostic {
  return { severity: 'error', code: 'too-large', message: `the pipeline has more than ${limits.maxEntries.toLocaleString('en-US')} lines and list items; split it into files joined with 'include:'`, range: lineRange(text, pos) };
}

/** The scan's state where a line starts: all a line's scan depends on besides the text from there. */
interface LineState {
  at: number;
  entries: number;
  flow: number;
  quote: number;
  indents: number[];
}

// A checkpoint every this many lines: a re-scan starts at most this many lines before an edit and
// runs at most this many past it before it meets the previous scan again.
const EVERY = 64;

/**
 * The last scan of an editor's document, kept so the next text is scanned only from the checkpoint
 * before the edit to the first checkpoint after it where the scan is in the same state again (from
 * there on the text and so the scan are the same, with every count moved by what the edit added).
 */
export class LimitScan {
  text = '';
  limits: InputLimits | undefined;
  checkpoints: LineState[] = [];
  entries = 0;
  /** Lines the last check scanned (for tests and benches). */
  scannedLines = 0;
}

interface ScanResult {
  error?: Diagnostic;
  /** Entries at the end of the text. */
  entries: number;
  /** Where the scan met the previous one again: its checkpoint index and the entries added since. */
  met?: { index: number; delta: number };
}

/** Newline, comment, and the characters that may start a token (`- `, `: `, `? `). */
const BLOCK_SPECIAL = /[\n#:?-]/g;

const sameStack = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, k) => x === b[k]);

function scan(text: string, limits: InputLimits, from: LineState, record: LineState[], previous?: { checkpoints: LineState[]; shift: number; after: number; index: number }): ScanResult & { lines: number } {
  const n = text.length;
  let entries = from.entries;
  let flow = from.flow;
  let quote = from.quote; // the quote char code while inside a quoted scalar of a flow collection
  const indents = from.indents.slice();
  let i = from.at;
  let lines = 0;
  let j = previous?.index ?? 0;
  while (i < n) {
    if (previous && i > previous.after) {
      // Past the edit, where the rest of the text is the previous text's: the same state there means the same rest.
      const cps = previous.checkpoints;
      while (j < cps.length && cps[j]!.at < i - previous.shift) j++;
      const cp = cps[j];
      if (cp && cp.at === i - previous.shift && cp.flow === flow && cp.quote === quote && sameStack(cp.indents, indents)) return { entries, met: { index: j, delta: entries - cp.entries }, lines };
    }
    if (lines % EVERY === 0) record.push({ at: i, entries, flow, quote, indents: indents.slice() });
    lines++;
    // Start of a line: block nesting from indentation (offside rule) and `- ` markers.
    entries++;
    if (entries > limits.maxEntries) return { error: tooLarge(text, i, limits), entries, lines };
    let p = i;
    while (p < n && text.charCodeAt(p) === 32) p++;
    const c0 = text.charCodeAt(p);
    const blank = p >= n || c0 === 10 || c0 === 35;
    if (!blank && flow === 0) {
      const indent = p - i;
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    let depth = indents.length;
    let tokenStart = true;
    let prev = 0; // the previous non-space character on this line
    for (; p < n; p++) {
      if (!tokenStart && flow === 0 && quote === 0) {
        // Block context past a line's first token: only these characters can change the state, so
        // the regex (native code, fast before the JIT has warmed up) skips the rest of the line.
        // test, not exec: exec builds a match array per line (4 MB on a 2,000-step file, all garbage).
        BLOCK_SPECIAL.lastIndex = p;
        p = BLOCK_SPECIAL.test(text) ? BLOCK_SPECIAL.lastIndex - 1 : n;
        if (p >= n) break;
      }
      const c = text.charCodeAt(p);
      if (c === 10) break;
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 92 && quote === 34) p++;
        continue;
      }
      if (c === 32) {
        continue;
      }
      if (c === 35 && (p === 0 || text.charCodeAt(p - 1) === 32)) {
        // A comment runs to the end of the line.
        const nl = text.indexOf('\n', p);
        p = nl === -1 ? n : nl - 1;
        continue;
      }
      if (flow > 0) {
        // A quote opens a quoted scalar only where a node starts (`it's` is a plain scalar).
        if ((c === 34 || c === 39) && (prev === 0 || prev === 91 || prev === 123 || prev === 44 || prev === 58)) quote = c;
        else if (c === 44) {
          if (++entries > limits.maxEntries) return { error: tooLarge(text, p, limits), entries, lines };
        } else if (c === 91 || c === 123) flow++;
        else if (c === 93 || c === 125) flow--;
      } else if (tokenStart && (c === 91 || c === 123)) {
        flow = 1;
      } else if (tokenStart && c === 45 && (p + 1 >= n || text.charCodeAt(p + 1) === 32 || text.charCodeAt(p + 1) === 10)) {
        depth++; // `- ` opens a nested sequence on the same line
      }
      if (depth + flow > limits.maxDepth) return { error: { severity: 'error', code: 'too-deep', message: `nesting deeper than ${limits.maxDepth} levels; a pipeline needs far fewer`, range: lineRange(text, p) }, entries, lines };
      // Only the first character after `- `, `: ` or `? ` (or the indent) can open a collection;
      // a `[` inside a plain scalar such as `echo [x]` cannot.
      const next = text.charCodeAt(p + 1);
      tokenStart = flow === 0 && (c === 45 || c === 58 || c === 63) && (next === 32 || p + 1 >= n);
      prev = c;
    }
    i = p + 1;
  }
  return { entries, lines };
}

/** Length of the common start of `a` and `b`, compared a block at a time. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let k = 0;
  for (const block of [4096, 64]) while (k + block <= max && a.substring(k, k + block) === b.substring(k, k + block)) k += block;
  while (k < max && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

/** Length of the common end of `a` and `b`, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  for (const block of [4096, 64]) while (k + block <= max && a.substring(a.length - k - block, a.length - k) === b.substring(b.length - k - block, b.length - k)) k += block;
  while (k < max && a.charCodeAt(a.length - k - 1) === b.charCodeAt(b.length - k - 1)) k++;
  return k;
}

const sameLimits = (a: InputLimits | undefined, b: InputLimits): boolean => a !== undefined && a.maxEntries === b.maxEntries && a.maxDepth === b.maxDepth && a.maxSteps === b.maxSteps;

/**
 * Scans `text` once; returns a `too-large` or `too-deep` error when the text would cost yaml more
 * than the limits allow (the caller then does not parse it), else undefined. With `memo` (one per
 * editor document), the text is scanned only around what changed since the last call.
 */
export function checkInputLimits(text: string, limits: InputLimits = DEFAULT_INPUT_LIMITS, memo?: LimitScan): Diagnostic | undefined {
  const start: LineState = { at: 0, entries: 0, flow: 0, quote: 0, indents: [] };
  if (!memo) return scan(text, limits, start, []).error;
  const record: LineState[] = [];
  let result: ScanResult & { lines: number };
  if (memo.text && memo.checkpoints.length && sameLimits(memo.limits, limits)) {
    const old = memo.text;
    const prefix = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    const cps = memo.checkpoints;
    let index = 0;
    while (index + 1 < cps.length && cps[index + 1]!.at <= prefix) index++;
    // Kept as they were: the checkpoints before the one the scan starts from (that one is recorded again).
    for (let k = 0; k < index; k++) record.push(cps[k]!);
    const shift = text.length - old.length;
    result = scan(text, limits, cps[index]!, record, { checkpoints: cps, shift, after: text.length - suffix, index });
    if (result.met) {
      const { index: j, delta } = result.met;
      const total = memo.entries + delta;
      if (total <= limits.maxEntries) {
        // Field by field: a spread with fields added gave each moved checkpoint a hidden class of its own.
        for (let k = j; k < cps.length; k++) {
          const c = cps[k]!;
          record.push({ at: c.at + shift, entries: c.entries + delta, flow: c.flow, quote: c.quote, indents: c.indents });
        }
        result = { entries: total, lines: result.lines };
      } else {
        // More entries than allowed now: the rest of the scan finds where.
        memo.text = '';
        return checkInputLimits(text, limits, memo);
      }
    }
  } else {
    result = scan(text, limits, start, record);
  }
  memo.scannedLines = result.lines;
  // A refused text is not kept: the next check scans from the start.
  memo.text = result.error ? '' : text;
  memo.limits = { ...limits };
  memo.checkpoints = result.error ? [] : record;
  memo.entries = result.entries;
  return result.error;
}

/** A `too-many-steps` error at the first step over the limit, when `steps` + `finally` hold too many. */
export function checkStepCount(stepKeys: Array<{ start: number; end: number }>, limits: InputLimits = DEFAULT_INPUT_LIMITS): Diagnostic | undefined {
  if (stepKeys.length <= limits.maxSteps) return undefined;
  const r = stepKeys[limits.maxSteps]!;
  return { severity: 'error', code: 'too-many-steps', message: `${stepKeys.length.toLocaleString('en-US')} steps; a pipeline holds at most ${limits.maxSteps.toLocaleString('en-US')} (split it into pipelines, or share bodies with templates)`, range: { start: r.start, end: Math.min(r.end, r.start + 80) } };
}
