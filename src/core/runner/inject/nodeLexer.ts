// Finds the lexical context of each `${{ }}` in JavaScript (Node) source: code, a '…' / "…" /
// template literal, a comment, or a place no value may go (regex literals, tagged templates, names).
import { refuse, type Site, type Span } from './sites.js';

/** After these, `/` starts a regex literal and `` ` `` is an untagged template. */
const EXPRESSION_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const NAME_KEYWORDS = new Set(['function', 'class', 'let', 'const', 'var', 'import', 'as', 'get', 'set']);

interface CodeFrame {
  type: 'code';
  /** Inside a template's `${ }`: the `}` at depth 0 closes it. */
  field: boolean;
  depth: number;
}
interface StrFrame {
  type: 'str';
  quote: "'" | '"';
}
interface TemplateFrame {
  type: 'template';
  tagged: boolean;
}
type Frame = CodeFrame | StrFrame | TemplateFrame;

const isIdent = (c: string | undefined) => !!c && /[\p{L}\p{N}_$]/u.test(c);

/** The context of each span (sorted, not overlapping) in JavaScript source; one entry per span. */
export function lexNode(text: string, spans: Span[]): Site[] {
  const sites: Site[] = spans.map(() => ({ context: { kind: 'code' } }));
  const stack: Frame[] = [{ type: 'code', field: false, depth: 0 }];
  /** Last significant token: an identifier/keyword/number, `)`/`]`, or another punctuator. */
  let prev = '';
  let k = 0;
  let i = 0;
  // True when the previous token ends an operand, so `/` divides and `` ` `` is a tag call.
  const afterOperand = () => prev === ')' || prev === ']' || prev === '}' || (/^[\p{L}\p{N}_$]/u.test(prev) && !EXPRESSION_KEYWORDS.has(prev));
  while (i < text.length) {
    const f = stack[stack.length - 1]!;
    if (k < spans.length && i >= spans[k]!.start) {
      if (i === spans[k]!.start) {
        const end = spans[k]!.end;
        if (f.type === 'str') sites[k] = { context: { kind: 'js-string', quote: f.quote } };
        else if (f.type === 'template') sites[k] = f.tagged ? refuse('tagged-template', 'in a tagged template (its tag reads the text as code)') : { context: { kind: 'js-string', quote: '`' } };
        else if (NAME_KEYWORDS.has(prev) || (prev === '.' && text[i - 1] === '.' && text[i - 2] !== '.') || prev === '#' || isIdent(text[i - 1]) || isIdent(text[end])) {
          sites[k] = refuse('identifier', 'where a name is expected');
        } else sites[k] = { context: { kind: 'code' } };
        i = end;
        if (f.type === 'code') prev = ')';
      }
      k++;
      continue;
    }
    const c = text[i]!;
    if (f.type === 'str' || f.type === 'template') {
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (f.type === 'str' && (c === f.quote || c === '\n')) {
        stack.pop();
        prev = ')';
      } else if (f.type === 'template' && c === '`') {
        stack.pop();
        prev = ')';
      } else if (f.type === 'template' && c === '$' && text[i + 1] === '{') {
        stack.push({ type: 'code', field: true, depth: 0 });
        prev = '(';
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    // Code.
    if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      const stop = eol === -1 ? text.length : eol;
      while (k < spans.length && spans[k]!.start < stop) sites[k++] = { context: { kind: 'comment' } };
      i = stop;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const stop = close === -1 ? text.length : close + 2;
      while (k < spans.length && spans[k]!.start < stop) sites[k++] = { context: { kind: 'comment' } };
      i = stop;
      continue;
    }
    if (c === '/' && !afterOperand()) {
      // A regex literal: up to the unescaped `/` outside a character class.
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n') {
        if (k < spans.length && j === spans[k]!.start) {
          sites[k] = refuse('regex', 'in a regular expression literal (use new RegExp with an escaped value)');
          j = spans[k]!.end;
          k++;
          continue;
        }
        const d = text[j]!;
        if (d === '\\') j++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      i = j + 1;
      prev = ')';
      continue;
    }
    if (c === "'" || c === '"') {
      stack.push({ type: 'str', quote: c });
      i++;
      continue;
    }
    if (c === '`') {
      stack.push({ type: 'template', tagged: afterOperand() });
      i++;
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
        prev = '(';
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
