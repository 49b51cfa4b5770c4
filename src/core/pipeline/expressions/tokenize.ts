// Hand-written lexer for `${{ }}` expressions: single pass, positions kept per token. Token rules
// follow GitHub's lexer (actions/runner Expressions2 LexicalAnalyzer): boundaries, numbers, `.`.
import type { ExpressionSyntaxError } from './ast.js';
import { parseNumber } from './coerce.js';

/** Token kinds produced by {@link tokenize}. */
export type TokenKind = 'number' | 'string' | 'ident' | 'punct' | 'eof';

/** One token; `value` holds the decoded string/number or the punctuation text. */
export interface Token {
  kind: TokenKind;
  value: string | number;
  start: number;
  end: number;
}

const PUNCT2 = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const PUNCT1 = new Set(['(', ')', '[', ']', '.', ',', '!', '<', '>', '-', '*']);

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '-';
}

// Characters that end a number or a name (GitHub's token boundaries).
function isBoundary(c: string): boolean {
  switch (c) {
    case '(':
    case '[':
    case ')':
    case ']':
    case ',':
    case '.':
    case '!':
    case '>':
    case '<':
    case '=':
    case '&':
    case '|':
      return true;
  }
  // Control characters end a token too (and are then reported as unexpected).
  return c <= ' ' || (c > '\x7f' && /\s/.test(c));
}

// A digit, a sign or a leading `.` starts a number; `.` after a name, `)`, `]` or `*` is a property
// access. `-` before anything but a digit or `.` is unary minus (an extension; see the docs).
function startsNumber(c: string, next: string | undefined, prev: Token | undefined): boolean {
  if (c >= '0' && c <= '9') return true;
  if (c === '+') return true;
  if (c === '-') return next !== undefined && ((next >= '0' && next <= '9') || next === '.');
  if (c !== '.') return false;
  return !(prev && (prev.kind === 'ident' || (prev.kind === 'punct' && (prev.value === ')' || prev.value === ']' || prev.value === '*'))));
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Splits `source` into tokens; offsets are shifted by `offset`. Errors are collected, never thrown. */
export function tokenize(source: string, offset = 0): { tokens: Token[]; errors: ExpressionSyntaxError[] } {
  const tokens: Token[] = [];
  const errors: ExpressionSyntaxError[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      // Strings are single-quoted; a doubled quote is a literal quote (as in YAML and Actions).
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        value += source[i];
        i++;
      }
      if (!closed) errors.push({ message: 'unterminated string literal', start: start + offset, end: n + offset });
      tokens.push({ kind: 'string', value, start: start + offset, end: i + offset });
      continue;
    }
    if (c === '"') {
      errors.push({ message: "strings use single quotes: 'text'", start: start + offset, end: start + offset + 1 });
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(source[i]!)) i++;
      tokens.push({ kind: 'ident', value: source.slice(start, i), start: start + offset, end: i + offset });
      continue;
    }
    if (startsNumber(c, source[i + 1], tokens[tokens.length - 1])) {
      // As in GitHub's lexer a number runs to the next boundary, so `1e3`, `0x1F`, `.5` and `+1`
      // are single tokens and `1-2` or `0X1F` are errors rather than something else.
      i++;
      while (i < n && (!isBoundary(source[i]!) || source[i] === '.')) i++;
      const text = source.slice(start, i);
      const value = parseNumber(text);
      if (Number.isNaN(value)) errors.push({ message: `invalid number '${clip(text)}'`, start: start + offset, end: i + offset });
      tokens.push({ kind: 'number', value, start: start + offset, end: i + offset });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      tokens.push({ kind: 'punct', value: two, start: start + offset, end: start + 2 + offset });
      i += 2;
      continue;
    }
    if (PUNCT1.has(c)) {
      tokens.push({ kind: 'punct', value: c, start: start + offset, end: start + 1 + offset });
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const hint = c === '=' ? " (use '==' to compare)" : c === '&' ? " (use '&&')" : c === '|' ? " (use '||')" : '';
    errors.push({ message: `unexpected character '${c}'${hint}`, start: start + offset, end: start + 1 + offset });
    i++;
  }
  tokens.push({ kind: 'eof', value: '', start: n + offset, end: n + offset });
  return { tokens, errors };
}
