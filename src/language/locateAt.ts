// Finds "where in the YAML" an offset is — a key, a value, a list item, or inside `${{ }}` — from the
// text and its indentation alone. It must work on text that is half-typed and does not parse (an
// unfinished key has no colon yet), and stay cheap on 20,000-line files, so it reads lines backwards
// from the cursor instead of walking a syntax tree.
import type { TextRange } from '../core/contracts/diagnostics.js';

/** One segment of a YAML path: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** The expression around the cursor, when it sits inside `${{ … }}` or in a bare `if:` value. */
export interface ExpressionCursor {
  /** Text of the expression from its start up to the cursor. */
  before: string;
  /** Offset of the expression source's first character. */
  sourceStart: number;
  /** Dotted member chain ending at the cursor, split: `steps.build.out` → ['steps', 'build', 'out']. */
  chain: string[];
}

/** What sits at an offset. See {@link locateAt}. */
export interface CursorLocation {
  kind: 'key' | 'value' | 'expression' | 'comment';
  /**
   * For `key`: the path of the mapping that holds the key. For `value` and `expression`: the path of the
   * value node (parent path + key, plus the item index inside a sequence).
   */
  path: PathSegment[];
  /** The key on this line, if the line has one. */
  key?: string;
  keyRange?: TextRange;
  /** The word under the cursor (identifier-ish run, dots and dashes included) and its range. */
  word: string;
  wordRange: TextRange;
  /** The part of the word before the cursor; completion filters on it. */
  prefix: string;
  /** Column where keys of the mapping at `path` start (for `key`), used to indent snippets. */
  column: number;
  /** True when the value is an item of a block (`- x`) or flow (`[a, x]`) sequence. */
  inSequence: boolean;
  /** True when the value position is empty (`key: |`), so a whole block may be inserted. */
  emptyValue: boolean;
  expression?: ExpressionCursor;
}

interface LineShape {
  start: number;
  end: number;
  indent: number;
  /** Column after `- ` markers (equals indent without them). */
  contentColumn: number;
  /** Columns of each `- ` marker on the line. */
  dashes: number[];
  key?: string;
  keyStart?: number;
  /** Offset right after the colon. */
  colon?: number;
  blank: boolean;
}

const KEY_RE = /^((?:"[^"]*"|'[^']*'|[^\s#'"{}[\],:][^#:]*?))\s*:(?=\s|$)/;
const WORD_CHAR = /[\w.\-/$]/;

/** Parses the shape of the line spanning [start, end). */
function shapeLine(text: string, start: number, end: number): LineShape {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  const indent = i - start;
  const dashes: number[] = [];
  while (i < end && text[i] === '-' && (i + 1 === end || text[i + 1] === ' ')) {
    dashes.push(i - start);
    i++;
    while (i < end && text.charCodeAt(i) === 32) i++;
  }
  const shape: LineShape = { start, end, indent, contentColumn: i - start, dashes, blank: false };
  if (i >= end || text[i] === '#') {
    shape.blank = dashes.length === 0;
    return shape;
  }
  const m = KEY_RE.exec(text.slice(i, end));
  if (m) {
    const raw = m[1]!.trim();
    shape.key = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
    shape.keyStart = i;
    shape.colon = i + m[0].length;
  }
  return shape;
}

function lineBounds(text: string, offset: number): [number, number] {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return [start, end];
}

/** An upper bound on the indentation of lines worth parsing; consumers lower it as they climb. */
interface IndentBound {
  max: number;
}

/**
 * Iterates lines above `lineStart`, nearest first; lines indented deeper than the bound are skipped
 * unparsed (the bound may be an object the consumer lowers while iterating).
 */
function* linesAbove(text: string, lineStart: number, bound: number | IndentBound = Infinity): Generator<LineShape> {
  const limit = typeof bound === 'number' ? { max: bound } : bound;
  let end = lineStart - 1;
  while (end >= 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    let contentEnd = end;
    if (contentEnd > start && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    let i = start;
    while (i < contentEnd && text.charCodeAt(i) === 32) i++;
    // Cheap skip for deeper lines and blank lines: most lines of a big file never reach the regex.
    if (i - start <= limit.max && i < contentEnd) yield shapeLine(text, start, contentEnd);
    end = start - 1;
  }
}

/** Index of the sequence item starting on the line at `lineStart` (dash at `dashCol`): items above it. */
/** True when the nearest less-indented line above opens a block scalar (`key: |` or `key: >-`). */
function insideBlockScalar(text: string, lineStart: number, column: number): boolean {
  for (const l of linesAbove(text, lineStart, column)) {
    if (l.blank || l.contentColumn >= column) continue;
    return l.colon !== undefined && /^\s*[|>][+-]?\d*\s*(#.*)?$/.test(text.slice(l.colon, l.end));
  }
  return false;
}

function countItemsAbove(text: string, lineStart: number, dashCol: number): number {
  let n = 0;
  for (const l of linesAbove(text, lineStart, dashCol)) {
    if (l.blank) continue;
    if (l.dashes.includes(dashCol)) n++;
    else break;
  }
  return n;
}

/**
 * The path of the mapping whose keys start at `column`, read from the lines above `lineStart`. With
 * `dashColumn`, the cursor line is itself a sequence item (`- x`) whose dash is at that column.
 */
export function parentPath(text: string, lineStart: number, column: number, dashColumn?: number): PathSegment[] {
  const rev: PathSegment[] = [];
  let col = column;
  let seqDash: number | undefined;
  const enterItem = (lineAt: number, dash: number): void => {
    rev.push(countItemsAbove(text, lineAt, dash));
    seqDash = dash;
  };
  if (dashColumn !== undefined) enterItem(lineStart, dashColumn);
  // Only lines indented at most as far as the current parent column can matter; lowering the bound as
  // we climb keeps a 20,000-line file to a character scan per line.
  const bound: IndentBound = { max: seqDash ?? col };
  for (const l of linesAbove(text, lineStart, bound)) {
    bound.max = seqDash ?? col;
    if (l.blank) continue;
    if (seqDash !== undefined) {
      // Looking for the key that holds the sequence whose dashes sit at seqDash.
      if (l.dashes.includes(seqDash) || l.indent > seqDash) continue;
      if (l.key === undefined || l.contentColumn > seqDash) continue;
      rev.push(l.key);
      col = l.contentColumn;
      seqDash = undefined;
      if (l.dashes.length > 0) enterItem(l.start, l.dashes[l.dashes.length - 1]!);
    } else {
      if (l.contentColumn > col) continue;
      if (l.contentColumn === col) {
        // A `- key:` at our column opens the item mapping we are in; plain keys are siblings.
        if (l.dashes.length > 0) enterItem(l.start, l.dashes[l.dashes.length - 1]!);
        continue;
      }
      if (l.key !== undefined) {
        rev.push(l.key);
        col = l.contentColumn;
        if (l.dashes.length > 0) enterItem(l.start, l.dashes[l.dashes.length - 1]!);
      } else if (l.dashes.length > 0) {
        const dash = l.dashes.filter((d) => d < col).pop();
        if (dash !== undefined) enterItem(l.start, dash);
      }
    }
    if (seqDash === undefined && col === 0) break;
  }
  return rev.reverse();
}

function wordAt(text: string, lineStart: number, lineEnd: number, offset: number): [number, number] {
  let s = offset;
  while (s > lineStart && WORD_CHAR.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < lineEnd && WORD_CHAR.test(text[e]!)) e++;
  return [s, e];
}

function expressionAt(text: string, lineStart: number, offset: number): ExpressionCursor | undefined {
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf('${{');
  if (open < 0 || before.indexOf('}}', open) >= 0) return undefined;
  return makeExpression(text, lineStart + open + 3, offset);
}

function makeExpression(text: string, sourceStart: number, offset: number): ExpressionCursor {
  const before = text.slice(sourceStart, offset);
  const m = /([A-Za-z_][\w-]*(?:\.[\w-]*|\[['"][^'"]*['"]\])*\.?)$/.exec(before);
  const chain = m ? m[1]!.replace(/\[['"]([^'"]*)['"]\]/g, '.$1').split('.') : [''];
  if (!m && /[\w-]$/.test(before)) chain[0] = '';
  return { before, sourceStart, chain };
}

/**
 * Locates `offset` in a pipeline text: the YAML path, whether it is on a key or a value, the word under
 * it, and the expression around it. Works on unparseable, half-typed text.
 */
export function locateAt(text: string, offset: number): CursorLocation {
  const [lineStart, lineEnd] = lineBounds(text, offset);
  const line = shapeLine(text, lineStart, lineEnd);
  const [ws, we] = wordAt(text, lineStart, lineEnd, offset);
  const base = {
    word: text.slice(ws, we),
    wordRange: { start: ws, end: we },
    prefix: text.slice(ws, offset),
  };
  const hash = findComment(text, lineStart, lineEnd);
  if (hash !== undefined && hash < offset) {
    return { ...base, kind: 'comment', path: [], column: line.contentColumn, inSequence: false, emptyValue: false };
  }
  const cursorCol = offset - lineStart;
  const onlySpaces = line.blank || text.slice(lineStart, offset).trim() === '';
  // On an empty line the cursor column decides which mapping we are in.
  const keyColumn = onlySpaces && line.dashes.length === 0 ? cursorCol : line.contentColumn;
  const innerDash = line.dashes.length > 0 ? line.dashes[line.dashes.length - 1]! : undefined;
  const path = parentPath(text, lineStart, keyColumn, innerDash);

  if (line.key !== undefined && line.colon !== undefined && offset >= line.colon) {
    const valuePath = [...path, line.key];
    const valueText = text.slice(line.colon, lineEnd);
    const valueStart = line.colon + (valueText.length - valueText.trimStart().length);
    const expression = expressionAt(text, lineStart, offset) ?? (line.key === 'if' ? makeExpression(text, valueStart, offset) : undefined);
    const flow = flowItemIndex(text, valueStart, offset);
    const common = {
      ...base,
      path: flow !== undefined ? [...valuePath, flow] : valuePath,
      key: line.key,
      keyRange: { start: line.keyStart!, end: line.keyStart! + line.key.length },
      column: line.contentColumn,
      inSequence: flow !== undefined,
      emptyValue: text.slice(line.colon, lineEnd).trim() === '',
    };
    return expression ? { ...common, kind: 'expression', expression } : { ...common, kind: 'value' };
  }
  if (insideBlockScalar(text, lineStart, line.key !== undefined ? line.contentColumn : keyColumn)) {
    const inner = expressionAt(text, lineStart, offset);
    if (inner) return { ...base, kind: 'expression', path, column: keyColumn, inSequence: false, emptyValue: false, expression: inner };
    return { ...base, kind: 'value', path, column: keyColumn, inSequence: false, emptyValue: false };
  }
  if (line.key !== undefined && line.keyStart !== undefined) {
    return {
      ...base,
      kind: 'key',
      path,
      key: line.key,
      keyRange: { start: line.keyStart, end: line.keyStart + line.key.length },
      column: line.contentColumn,
      inSequence: false,
      emptyValue: false,
    };
  }
  const expression = expressionAt(text, lineStart, offset);
  if (expression) return { ...base, kind: 'expression', path, column: line.contentColumn, inSequence: innerDash !== undefined, emptyValue: false, expression };
  if (innerDash !== undefined && offset >= lineStart + line.contentColumn) {
    // `- x`: a scalar item (or the first key of a mapping item; callers offer both).
    return { ...base, kind: 'value', path, column: line.contentColumn, inSequence: true, emptyValue: text.slice(lineStart + line.contentColumn, lineEnd).trim() === '' };
  }
  return { ...base, kind: 'key', path, column: keyColumn, inSequence: false, emptyValue: false };
}

/** Index of the flow-sequence item the cursor is in (`[a, b|]` → 1), if the value is a flow sequence. */
function flowItemIndex(text: string, valueStart: number, offset: number): number | undefined {
  if (text[valueStart] !== '[' || offset <= valueStart) return undefined;
  const inner = text.slice(valueStart + 1, offset);
  if (inner.includes(']')) return undefined;
  return inner.split(',').length - 1;
}

/** Offset of a `#` that starts a comment on the line (outside quotes), if any. */
function findComment(text: string, lineStart: number, lineEnd: number): number | undefined {
  let quote: string | undefined;
  for (let i = lineStart; i < lineEnd; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return i;
    }
  }
  return undefined;
}

/** Iterates lines below the line that contains `offset`, nearest first, skipping lines deeper than `maxIndent`. */
function* linesBelow(text: string, offset: number, maxIndent: number): Generator<LineShape> {
  let s = text.indexOf('\n', offset) + 1;
  while (s > 0 && s < text.length) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    const contentEnd = e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    let i = s;
    while (i < contentEnd && text.charCodeAt(i) === 32) i++;
    if (i - s <= maxIndent && i < contentEnd) yield shapeLine(text, s, contentEnd);
    s = e + 1;
  }
}

/**
 * Keys already present in the mapping whose keys start at `column` and that includes the line at
 * `lineOffset`, with their inline scalar values (unquoted) — for "keys not yet used" and `if/then` schemas.
 */
export function mappingSiblings(text: string, lineOffset: number, column: number): Map<string, string> {
  const out = new Map<string, string>();
  const record = (l: LineShape): void => {
    if (l.key !== undefined && l.contentColumn === column && !out.has(l.key)) {
      out.set(l.key, text.slice(l.colon!, l.end).replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2'));
    }
  };
  const [start, end] = lineBounds(text, lineOffset);
  const first = shapeLine(text, start, end);
  record(first);
  const opensItem = (l: LineShape): boolean => l.dashes.length > 0 && l.contentColumn === column;
  if (!opensItem(first)) {
    for (const l of linesAbove(text, start, column)) {
      if (l.blank) continue;
      if (l.contentColumn < column) break;
      record(l);
      if (opensItem(l)) break;
    }
  }
  for (const l of linesBelow(text, start, column)) {
    if (l.blank) continue;
    if (l.contentColumn < column || opensItem(l)) break;
    record(l);
  }
  return out;
}
