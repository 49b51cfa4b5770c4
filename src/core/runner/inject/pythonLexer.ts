// Finds the lexical context of each `${{ }}` in Python source: code, a string literal (with its
// quote, bytes and f-string flags), a comment, or a place no value may go (raw strings, names).
import { refuse, type Site, type Span } from './sites.js';

const NAME_KEYWORDS = new Set(['def', 'class', 'import', 'from', 'as', 'global', 'nonlocal']);
const PREFIX = /^(r|u|b|f|br|rb|fr|rf)$/i;

interface CodeFrame {
  type: 'code';
  /** Inside an f-string replacement field: the `}` at depth 0 closes it. */
  field: boolean;
  depth: number;
}
interface StrFrame {
  type: 'str';
  quote: string;
  raw: boolean;
  bytes: boolean;
  fstring: boolean;
}
type Frame = CodeFrame | StrFrame;

const isIdent = (c: string | undefined) => !!c && /[\p{L}\p{N}_]/u.test(c);

/** The context of each span (sorted, not overlapping) in Python source; one entry per span. */
export function lexPython(text: string, spans: Span[]): Site[] {
  const sites: Site[] = spans.map(() => ({ context: { kind: 'code' } }));
  const stack: Frame[] = [{ type: 'code', field: false, depth: 0 }];
  /** Last significant token in code: an identifier/keyword, or a punctuation character. */
  let prev = '';
  let k = 0;
  let i = 0;
  while (i < text.length) {
    const f = stack[stack.length - 1]!;
    if (k < spans.length && i >= spans[k]!.start) {
      if (i === spans[k]!.start) {
        const end = spans[k]!.end;
        if (f.type === 'str') {
          sites[k] = f.raw
            ? refuse('raw-string', 'in a raw string (r"…" keeps backslashes, so the value cannot be escaped)')
            : { context: { kind: 'py-string', quote: f.quote, bytes: f.bytes, fstring: f.fstring } };
        } else if (NAME_KEYWORDS.has(prev) || prev === '.' || isIdent(text[i - 1]) || isIdent(text[end])) {
          sites[k] = refuse('identifier', 'where a name is expected');
        } else {
          const outer = stack[stack.length - 2];
          sites[k] = { context: { kind: 'code', ...(f.field && outer?.type === 'str' ? { fieldQuote: outer.quote } : {}) } };
        }
        i = end;
        if (f.type === 'code') prev = ')';
      }
      k++;
      continue;
    }
    const c = text[i]!;
    if (f.type === 'str') {
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (f.fstring && (c === '{' || c === '}')) {
        if (text[i + 1] === c) i += 2;
        else {
          if (c === '{') stack.push({ type: 'code', field: true, depth: 0 });
          i++;
        }
        continue;
      }
      if (text.startsWith(f.quote, i)) {
        stack.pop();
        i += f.quote.length;
        prev = ')';
        continue;
      }
      if (c === '\n' && f.quote.length === 1) stack.pop();
      i++;
      continue;
    }
    // Code.
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      const stop = eol === -1 ? text.length : eol;
      while (k < spans.length && spans[k]!.start < stop) sites[k++] = { context: { kind: 'comment' } };
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      const prefix = PREFIX.test(prev) && isIdent(text[i - 1]) ? prev.toLowerCase() : '';
      stack.push({ type: 'str', quote, raw: prefix.includes('r'), bytes: prefix.includes('b'), fstring: prefix.includes('f') });
      i += quote.length;
      continue;
    }
    if (isIdent(c)) {
      let j = i;
      while (j < text.length && isIdent(text[j]) && !(k < spans.length && j === spans[k]!.start)) j++;
      prev = text.slice(i, j);
      i = j;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') f.depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (f.field && f.depth === 0 && c === '}') {
        stack.pop();
        i++;
        continue;
      }
      f.depth--;
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return sites;
}
