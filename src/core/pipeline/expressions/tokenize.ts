// Hand-written lexer for `${{ }}` expressions: single pass, positions kept per token.
import type { ExpressionSyntaxError } from './ast.js';

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
    if (c >= '0' && c <= '9') {
      const m = /^(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(source.slice(i));
      const text = m![0];
      i += text.length;
      tokens.push({ kind: 'number', value: Number(text), start: start + offset, end: i + offset });
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(source[i]!)) i++;
      tokens.push({ kind: 'ident', value: source.slice(start, i), start: start + offset, end: i + offset });
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
    const hint = c === '=' ? " (use '==' to compare)" : c === '&' ? " (use '&&')" : c === '|' ? " (use '||')" : '';
    errors.push({ message: `unexpected character '${c}'${hint}`, start: start + offset, end: start + 1 + offset });
    i++;
  }
  tokens.push({ kind: 'eof', value: '', start: n + offset, end: n + offset });
  return { tokens, errors };
}
