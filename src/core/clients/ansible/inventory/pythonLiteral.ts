// Mirrors Python's `ast.literal_eval` as Ansible's INI inventory plugin applies it to values
// (`InventoryModule._parse_value`): a value that is not a Python literal stays a string.
// Source of truth: CPython `Lib/ast.py` literal_eval and the tokenizer's literal grammar.

import { PyNumber } from './pyNumber.js';

/** A JSON-compatible value as `ansible-inventory --list` would print it (PyNumber: a float or big int in Python's form). */
export type JsonValue = string | number | PyNumber | boolean | null | JsonValue[] | { [k: string]: JsonValue };

// Thrown as a plain preallocated value: building an Error (stack capture) per non-literal string
// dominated parse time on large inventories.
const NOT_LITERAL = { notLiteral: true } as const;
const isNotLiteral = (e: unknown): boolean => e === NOT_LITERAL;

const NAMES: Record<string, JsonValue> = { True: true, False: false, None: null };

/** Evaluates `text` like Python's `ast.literal_eval`, or returns `text` unchanged when it is not a literal. */
export function parsePythonLiteral(text: string): JsonValue {
  // Fast paths for the common cases: plain words (not True/False/None) and decimal integers.
  // Dotted words (`web.example.com`) are attribute expressions and dotted numbers with two or more dots
  // (`10.0.0.1`) are syntax errors to literal_eval: both stay strings.
  if (/^[A-Za-z_][\w.-]*$/.test(text) && !(text in NAMES) && !/^[rRbBuU]{1,2}$/.test(text)) return text;
  if (/^\d+(?:\.\d+){2,}$/.test(text)) return text;
  if (/^-?[1-9][0-9]{0,14}$|^0$/.test(text)) return Number(text);
  try {
    const p = new LiteralParser(text.replace(/^[ \t]+/, ''));
    const v = p.parseExpr();
    p.skipSpace();
    if (!p.atEnd()) throw NOT_LITERAL;
    return v;
  } catch (e) {
    if (isNotLiteral(e)) return text;
    throw e;
  }
}

class LiteralParser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\f') this.i++;
      else if (c === '#') {
        // A comment runs to the end of the line; literal_eval accepts it.
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else if ((c === '\n' || c === '\r') && this.depth > 0) this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else return;
    }
  }

  private depth = 0;

  parseExpr(): JsonValue {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '-' || c === '+') {
      this.i++;
      this.skipSpace();
      const n = this.parseAtom(true);
      if (typeof n !== 'number' && !(n instanceof PyNumber)) throw NOT_LITERAL;
      return c === '-' ? PyNumber.negate(n) : n;
    }
    return this.parseAtom(false);
  }

  private parseAtom(numberOnly: boolean): JsonValue {
    this.skipSpace();
    const s = this.s;
    const c = s[this.i];
    if (c === undefined) throw NOT_LITERAL;
    if (/[0-9.]/.test(c)) return this.parseNumber();
    if (numberOnly) throw NOT_LITERAL;
    if (c === '[') return this.parseSeq(']');
    if (c === '(') return this.parseParen();
    if (c === '{') return this.parseBrace();
    const prefix = /^([rRbBuU]|[bB][rR]|[rR][bB])?(['"])/.exec(s.slice(this.i, this.i + 3));
    if (prefix) return this.parseStrings();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i));
    if (name && name[0] in NAMES) {
      this.i += name[0].length;
      return NAMES[name[0]];
    }
    throw NOT_LITERAL;
  }

  private parseNumber(): number | PyNumber {
    const rest = this.s.slice(this.i);
    const m =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?/.exec(rest);
    if (!m || m[0] === '.' || m[0] === '') throw NOT_LITERAL;
    const tok = m[0].replace(/_/g, '');
    const after = rest[m[0].length];
    // Complex numbers (`1j`) and names glued to numbers are not JSON-representable / not literals.
    if (after !== undefined && /[A-Za-z0-9_]/.test(after)) throw NOT_LITERAL;
    this.i += m[0].length;
    if (/^0[xXoObB]/.test(tok)) return PyNumber.int(BigInt(tok.toLowerCase()));
    if (/^[0-9]+$/.test(tok)) {
      // Python 3 rejects leading zeros in decimal integers ("08", "0777") except for all zeros.
      if (tok.length > 1 && tok[0] === '0' && /[1-9]/.test(tok)) throw NOT_LITERAL;
      return PyNumber.int(BigInt(tok));
    }
    return PyNumber.float(Number(tok));
  }

  private parseStrings(): string {
    let out = '';
    let any = false;
    for (;;) {
      this.skipSpace();
      const m = /^([rRbBuU]|[bB][rR]|[rR][bB])?('''|"""|'|")/.exec(this.s.slice(this.i, this.i + 5));
      if (!m) break;
      any = true;
      this.i += m[0].length;
      const raw = /r/i.test(m[1] ?? '');
      const q = m[2];
      let body = '';
      for (;;) {
        if (this.i >= this.s.length) throw NOT_LITERAL;
        if (this.s.startsWith(q, this.i)) {
          this.i += q.length;
          break;
        }
        const ch = this.s[this.i];
        if (q.length === 1 && ch === '\n') throw NOT_LITERAL;
        if (ch === '\\') {
          const nx = this.s[this.i + 1];
          if (nx === undefined) throw NOT_LITERAL;
          if (raw) {
            body += ch + nx;
            this.i += 2;
            continue;
          }
          this.i += 2;
          body += this.escape(nx);
          continue;
        }
        body += ch;
        this.i++;
      }
      out += body;
    }
    if (!any) throw NOT_LITERAL;
    return out;
  }

  private escape(nx: string): string {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
    if (nx in simple) return simple[nx];
    const hexLen = nx === 'x' ? 2 : nx === 'u' ? 4 : nx === 'U' ? 8 : 0;
    if (hexLen) {
      const h = this.s.slice(this.i, this.i + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h)) throw NOT_LITERAL;
      this.i += hexLen;
      return String.fromCodePoint(parseInt(h, 16));
    }
    if (/[0-7]/.test(nx)) {
      let oct = nx;
      while (oct.length < 3 && /[0-7]/.test(this.s[this.i] ?? '')) oct += this.s[this.i++];
      return String.fromCodePoint(parseInt(oct, 8));
    }
    return '\\' + nx;
  }

  private parseSeq(close: string): JsonValue[] {
    this.i++;
    this.depth++;
    const items: JsonValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === close) break;
      items.push(this.parseExpr());
      this.skipSpace();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] !== close) throw NOT_LITERAL;
    }
    this.i++;
    this.depth--;
    return items;
  }

  private parseParen(): JsonValue {
    this.i++;
    this.depth++;
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i++;
      this.depth--;
      return [];
    }
    const first = this.parseExpr();
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i++;
      this.depth--;
      return first;
    }
    if (this.s[this.i] !== ',') throw NOT_LITERAL;
    this.i++;
    const items = [first];
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === ')') break;
      items.push(this.parseExpr());
      this.skipSpace();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] !== ')') throw NOT_LITERAL;
    }
    this.i++;
    this.depth--;
    return items;
  }

  private parseBrace(): JsonValue {
    this.i++;
    this.depth++;
    this.skipSpace();
    const obj: Record<string, JsonValue> = {};
    if (this.s[this.i] === '}') {
      this.i++;
      this.depth--;
      return obj;
    }
    const firstKey = this.parseExpr();
    this.skipSpace();
    if (this.s[this.i] !== ':') {
      // A set literal: JSON has no sets; keep the members as a list.
      this.i--;
      const rest = this.parseSetTail(firstKey);
      this.depth--;
      return rest;
    }
    let key: JsonValue = firstKey;
    for (;;) {
      this.i++; // ':'
      if (typeof key === 'object' && key !== null && !(key instanceof PyNumber)) throw NOT_LITERAL; // unhashable
      const value = this.parseExpr();
      obj[jsonKey(key)] = value;
      this.skipSpace();
      if (this.s[this.i] === ',') {
        this.i++;
        this.skipSpace();
        if (this.s[this.i] === '}') break;
        key = this.parseExpr();
        this.skipSpace();
        if (this.s[this.i] !== ':') throw NOT_LITERAL;
        continue;
      }
      if (this.s[this.i] !== '}') throw NOT_LITERAL;
      break;
    }
    this.i++;
    this.depth--;
    return obj;
  }

  private parseSetTail(first: JsonValue): JsonValue[] {
    this.i++;
    const items = [first];
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === '}') break;
      if (this.s[this.i] !== ',') throw NOT_LITERAL;
      this.i++;
      this.skipSpace();
      if (this.s[this.i] === '}') break;
      items.push(this.parseExpr());
    }
    this.i++;
    return items;
  }
}

/** JSON object keys as Python's json.dumps writes non-string keys. */
function jsonKey(k: JsonValue): string {
  if (k === true) return 'true';
  if (k === false) return 'false';
  if (k === null) return 'null';
  return String(k);
}
