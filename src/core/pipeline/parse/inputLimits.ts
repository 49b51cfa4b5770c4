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

/**
 * Scans `text` once; returns a `too-large` or `too-deep` error when the text would cost yaml more
 * than the limits allow (the caller then does not parse it), else undefined.
 */
export function checkInputLimits(text: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Diagnostic | undefined {
  const n = text.length;
  let entries = 0;
  let flow = 0;
  let quote = 0; // the quote char code while inside a quoted scalar of a flow collection
  const indents: number[] = [];
  let i = 0;
  while (i < n) {
    // Start of a line: block nesting from indentation (offside rule) and `- ` markers.
    entries++;
    if (entries > limits.maxEntries) return tooLarge(text, i, limits);
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
          if (++entries > limits.maxEntries) return tooLarge(text, p, limits);
        } else if (c === 91 || c === 123) flow++;
        else if (c === 93 || c === 125) flow--;
      } else if (tokenStart && (c === 91 || c === 123)) {
        flow = 1;
      } else if (tokenStart && c === 45 && (p + 1 >= n || text.charCodeAt(p + 1) === 32 || text.charCodeAt(p + 1) === 10)) {
        depth++; // `- ` opens a nested sequence on the same line
      }
      if (depth + flow > limits.maxDepth) return { severity: 'error', code: 'too-deep', message: `nesting deeper than ${limits.maxDepth} levels; a pipeline needs far fewer`, range: lineRange(text, p) };
      // Only the first character after `- `, `: ` or `? ` (or the indent) can open a collection;
      // a `[` inside a plain scalar such as `echo [x]` cannot.
      const next = text.charCodeAt(p + 1);
      tokenStart = flow === 0 && (c === 45 || c === 58 || c === 63) && (next === 32 || p + 1 >= n);
      prev = c;
    }
    i = p + 1;
  }
  return undefined;
}

/** A `too-many-steps` error at the first step over the limit, when `steps` + `finally` hold too many. */
export function checkStepCount(stepKeys: Array<{ start: number; end: number }>, limits: InputLimits = DEFAULT_INPUT_LIMITS): Diagnostic | undefined {
  if (stepKeys.length <= limits.maxSteps) return undefined;
  const r = stepKeys[limits.maxSteps]!;
  return { severity: 'error', code: 'too-many-steps', message: `${stepKeys.length.toLocaleString('en-US')} steps; a pipeline holds at most ${limits.maxSteps.toLocaleString('en-US')} (split it into pipelines, or share bodies with templates)`, range: { start: r.start, end: Math.min(r.end, r.start + 80) } };
}
