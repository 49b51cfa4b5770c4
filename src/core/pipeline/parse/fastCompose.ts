// A fast path for the YAML most pipelines are written in: block maps and sequences, plain and
// quoted one-line scalars, one-line flow collections, literal/folded block scalars, comments. It
// builds the same yaml Document nodes (with the same ranges) the `yaml` composer would, several
// times faster. Anything outside that subset (anchors, aliases, tags, merge keys, multi-line flow
// or quoted scalars, documents markers, tabs, errors) makes it give up, and the caller parses the
// text with `yaml` instead — so results never differ, only speed. A differential property test
// compares both on random and mutated pipelines. It mirrors yaml's node ranges and scalar
// resolution, which a minor release could shift, so package.json pins yaml to one exact version.
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { aliasFreeDocument, type AliasFreeDocument } from './aliasFreeDocument.js';
import { pair, resolvePlain, scalar } from './plainScalars.js';

class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

interface Line {
  start: number;
  /** End of the line content (before '\n'). */
  end: number;
  /** Column of the first non-space character (treated as content). */
  indent: number;
  /** True for blank lines and lines holding only a comment. */
  skip: boolean;
}

type Node = Scalar | YAMLMap | YAMLSeq;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', ' ': ' ' };

/** `-`, `?` or `:` followed by a space, the end or a flow indicator is structure, not a plain scalar. */
function isIndicator(t: string, p: number, end: number): boolean {
  const c = t[p];
  if (c !== '-' && c !== '?' && c !== ':') return false;
  const n = t[p + 1];
  return p + 1 >= end || n === ' ' || n === ',' || n === ']' || n === '}' || n === '[' || n === '{';
}

class FastComposer {
  private readonly lines: Line[] = [];
  private li = 0;
  /** End (after the newline) of the last line a node consumed; collections end there. */
  private consumedEnd = 0;

  /** Lines from offset `from` (a line start) through the line that starts at or before `to`. */
  constructor(private readonly text: string, from = 0, to = text.length) {
    let start = from;
    const n = text.length;
    while (start <= to) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = n;
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      const c = text.charCodeAt(i);
      if (c === 9 || c === 13 || text.charCodeAt(end - 1) === 13) giveUp(); // tabs and CRLF: let yaml decide
      this.lines.push({ start, end, indent: i - start, skip: i === end || c === 35 });
      if (end === n) break;
      start = end + 1;
    }
    // yaml folds a comment that is followed by a dedent (or the end) into the enclosing node's
    // range; only comments that precede content at their own depth or deeper keep ranges simple.
    let commentIndent = -1;
    for (const l of this.lines) {
      if (l.skip) {
        if (l.indent < l.end - l.start) commentIndent = Math.max(commentIndent, l.indent);
        continue;
      }
      if (commentIndent > l.indent) giveUp();
      commentIndent = -1;
    }
    if (commentIndent > 0) giveUp();
  }

  /** End offset of a line including its newline. */
  private lineEnd(l: Line): number {
    return l.end < this.text.length ? l.end + 1 : l.end;
  }

  private next(): Line | undefined {
    while (this.li < this.lines.length && this.lines[this.li]!.skip) this.li++;
    return this.lines[this.li];
  }

  compose(): AliasFreeDocument {
    const first = this.next();
    if (!first || first.indent !== 0) giveUp();
    const root = this.blockMap(0);
    if (this.next()) giveUp();
    return aliasFreeDocument(root, this.text.length);
  }

  private isSeqLine(l: Line): boolean {
    const p = l.start + l.indent;
    const c1 = this.text.charCodeAt(p + 1);
    return this.text.charCodeAt(p) === 45 && (p + 1 === l.end || c1 === 32);
  }

  /** The value of a key whose own line ends after the colon: a nested block or null. */
  private blockValue(parentIndent: number, emptyAt: number, allowSameIndentSeq: boolean, hasComment: boolean): Node {
    const ownEnd = this.consumedEnd;
    // (ownEnd: end of the key's line; a same-line comment runs to the next content line in yaml.)
    let commentBetween = false;
    for (let j = this.li; j < this.lines.length && this.lines[j]!.skip; j++) if (this.lines[j]!.indent < this.lines[j]!.end - this.lines[j]!.start) commentBetween = true;
    const l = this.next();
    if (l && l.indent > parentIndent) return this.isSeqLine(l) ? this.blockSeq(l.indent) : this.blockMap(l.indent);
    if (l && allowSameIndentSeq && l.indent === parentIndent && this.isSeqLine(l)) return this.blockSeq(l.indent);
    // An empty value: yaml's node end covers a trailing comment (and its newline); comment lines
    // after it are attached in ways not worth mirroring here.
    if (commentBetween) giveUp();
    const s = scalar(null, emptyAt, emptyAt, 'PLAIN', '');
    if (hasComment) s.range = [emptyAt, emptyAt, l ? l.start + l.indent : Math.max(ownEnd, this.text.length)];
    return s;
  }

  private blockMap(indent: number): YAMLMap {
    const map = new YAMLMap();
    let start = -1;
    let end = 0;
    for (let l = this.next(); l && l.indent === indent && !this.isSeqLine(l); l = this.next()) {
      if (start < 0) start = l.start + l.indent;
      const pair = this.mapEntry(l, indent);
      map.items.push(pair);
      end = (pair.value as Node).range![2];
    }
    const l = this.next();
    if (l && l.indent > indent) giveUp();
    map.range = [start, end, end];
    return map;
  }

  /**
   * The one entry of a block map at `indent` whose key line is the first line. With `sentinel`, the last
   * line is the next content line after the entry (the next entry's key line, or a key line to the left
   * when the entry ends its map): only looked at, as the whole document's composer looks at it, so the
   * entry comes out as it does within the whole text. Without, the entry runs to the end of the text.
   */
  entryAlone(indent: number, sentinel: boolean): Pair {
    const first = this.lines[0];
    if (!first || first.skip || first.indent !== indent || this.isSeqLine(first)) giveUp();
    const last = sentinel ? this.lines[this.lines.length - 1] : undefined;
    if (last && (last === first || last.skip || last.indent > indent || (last.indent === indent && this.isSeqLine(last)))) giveUp();
    const pair = this.mapEntry(first!, indent);
    if (this.next() !== last) giveUp();
    return pair;
  }

  private mapEntry(l: Line, indent: number): Pair {
    const t = this.text;
    const ks = l.start + l.indent;
    const c = t[ks]!;
    let key: Scalar;
    let colon: number;
    if (c === '"' || c === "'") {
      const q = this.quoted(ks, l.end);
      key = q.node;
      colon = q.end;
      if (t[colon] !== ':') giveUp();
    } else {
      if ('[]{}&*!|>%@`?#-,'.includes(c)) giveUp();
      colon = ks;
      for (;;) {
        colon = t.indexOf(':', colon);
        if (colon === -1 || colon >= l.end) giveUp();
        const after = t.charCodeAt(colon + 1);
        if (colon + 1 === l.end || after === 32) break;
        colon++;
      }
      let ke = colon;
      while (t.charCodeAt(ke - 1) === 32) ke--;
      const ktext = t.slice(ks, ke);
      if (ktext === '' || ktext === '<<' || ktext.includes(' #')) giveUp();
      key = scalar(resolvePlain(ktext, giveUp), ks, ke, 'PLAIN', ktext);
    }
    let vs = colon + 1;
    while (vs < l.end && t.charCodeAt(vs) === 32) vs++;
    let value: Node;
    if (vs === l.end || t.charCodeAt(vs) === 35) {
      this.li++;
      this.consumedEnd = this.lineEnd(l);
      value = this.blockValue(indent, vs, true, vs < l.end);
    } else {
      if (vs === colon + 1) giveUp();
      value = this.inlineValue(l, vs, indent);
    }
    return pair(key, value);
  }

  private blockSeq(indent: number): YAMLSeq {
    const seq = new YAMLSeq();
    let start = -1;
    let end = 0;
    for (let l = this.next(); l && l.indent === indent && this.isSeqLine(l); l = this.next()) {
      const t = this.text;
      const dash = l.start + l.indent;
      if (start < 0) start = dash;
      let vs = dash + 1;
      while (vs < l.end && t.charCodeAt(vs) === 32) vs++;
      let value: Node;
      if (vs === l.end || t.charCodeAt(vs) === 35) {
        this.li++;
        this.consumedEnd = this.lineEnd(l);
        value = this.blockValue(indent, vs, false, vs < l.end);
      } else if (this.looksLikeKey(vs, l.end)) {
        // `- key: value` starts a compact map whose keys align with `key`.
        this.lines[this.li] = { ...l, indent: vs - l.start };
        value = this.blockMap(vs - l.start);
      } else {
        value = this.inlineValue(l, vs, indent);
      }
      seq.items.push(value);
      end = value.range![2];
    }
    const l = this.next();
    if (l && l.indent > indent) giveUp();
    seq.range = [start, end, end];
    return seq;
  }

  private looksLikeKey(p: number, end: number): boolean {
    const t = this.text;
    const c = t[p]!;
    if (c === '"' || c === "'" || c === '[' || c === '{' || c === '-' || c === '|' || c === '>') {
      if (c === '-' && t.charCodeAt(p + 1) === 32) giveUp(); // nested `- - x`
      if (c === '"' || c === "'") {
        // A quoted key followed by a colon, or a quoted scalar item.
        const q = this.quoted(p, end);
        return t[q.end] === ':';
      }
      return false;
    }
    for (let i = p; i < end; i++) {
      if (t.charCodeAt(i) === 58 && (i + 1 === end || t.charCodeAt(i + 1) === 32)) return true;
      if (t.charCodeAt(i) === 35 && t.charCodeAt(i - 1) === 32) return false;
    }
    return false;
  }

  /** A value that starts on the key's (or dash's) line; block scalars consume following lines. */
  private inlineValue(l: Line, p: number, parentIndent: number): Node {
    const t = this.text;
    const c = t[p]!;
    let node: Node;
    let after: number;
    if (c === '"' || c === "'") {
      const q = this.quoted(p, l.end);
      node = q.node;
      after = q.end;
    } else if (c === '[' || c === '{') {
      const f = this.flow(p, l.end);
      node = f.node;
      after = f.end;
    } else if (c === '|' || c === '>') {
      return this.blockScalar(l, p, parentIndent);
    } else {
      if ('&*!%@`]},'.includes(c) || isIndicator(t, p, l.end)) giveUp();
      let e = p;
      while (e < l.end && !(t.charCodeAt(e) === 35 && t.charCodeAt(e - 1) === 32)) {
        if (t.charCodeAt(e) === 58 && (e + 1 === l.end || t.charCodeAt(e + 1) === 32)) giveUp(); // `a: b: c`
        e++;
      }
      while (t.charCodeAt(e - 1) === 32) e--;
      const src = t.slice(p, e);
      node = scalar(resolvePlain(src, giveUp), p, e, 'PLAIN', src);
      after = e;
    }
    const nodeEnd = after;
    while (after < l.end && t.charCodeAt(after) === 32) after++;
    // Only a comment may follow, and it must be separated by white space.
    if (after < l.end && (t.charCodeAt(after) !== 35 || after === nodeEnd)) giveUp();
    this.li++;
    this.consumedEnd = this.lineEnd(l);
    // Like yaml, the node's end (range[2]) runs over a trailing comment and the newline.
    node.range = [node.range![0], node.range![1], this.consumedEnd];
    const n = this.next();
    if (n && n.indent > parentIndent) giveUp(); // continuation lines of a multi-line scalar
    return node;
  }

  private quoted(p: number, lineEnd: number): { node: Scalar; end: number } {
    const t = this.text;
    const q = t[p];
    let out = '';
    let i = p + 1;
    for (;;) {
      if (i >= lineEnd) giveUp();
      const ch = t[i]!;
      if (q === "'") {
        if (ch === "'") {
          if (t[i + 1] === "'") {
            out += "'";
            i += 2;
            continue;
          }
          break;
        }
      } else if (ch === '"') {
        break;
      } else if (ch === '\\') {
        const e = t[i + 1]!;
        if (e === 'u' || e === 'x' || e === 'U') {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = t.slice(i + 2, i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) giveUp();
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + len;
          continue;
        }
        const rep = ESCAPES[e];
        if (rep === undefined) giveUp();
        out += rep;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    return { node: scalar(out, p, i + 1, q === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE'), end: i + 1 };
  }

  private flow(p: number, lineEnd: number): { node: YAMLMap | YAMLSeq; end: number } {
    const t = this.text;
    const isMap = t[p] === '{';
    const close = isMap ? '}' : ']';
    const coll = isMap ? new YAMLMap() : new YAMLSeq();
    coll.flow = true;
    let i = p + 1;
    const ws = () => {
      while (i < lineEnd && t.charCodeAt(i) === 32) i++;
    };
    const item = (): Node => {
      ws();
      const c = t[i];
      if (c === undefined || i >= lineEnd) giveUp();
      if (c === '[' || c === '{') {
        const f = this.flow(i, lineEnd);
        i = f.end;
        return f.node;
      }
      if (c === '"' || c === "'") {
        const q = this.quoted(i, lineEnd);
        i = q.end;
        return q.node;
      }
      if ('&*!%@`|>#,'.includes(c!) || isIndicator(t, i, lineEnd)) giveUp();
      const s = i;
      while (i < lineEnd) {
        const ch = t[i]!;
        if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
        if (ch === ':' && (t.charCodeAt(i + 1) === 32 || ',]}'.includes(t[i + 1]!))) break;
        if (ch === '#' && t.charCodeAt(i - 1) === 32) giveUp();
        i++;
      }
      let e = i;
      while (t.charCodeAt(e - 1) === 32) e--;
      const src = t.slice(s, e);
      return scalar(resolvePlain(src, giveUp), s, e, 'PLAIN', src);
    };
    for (;;) {
      ws();
      if (i >= lineEnd) giveUp();
      if (t[i] === close) {
        i++;
        break;
      }
      const k = item();
      ws();
      if (isMap) {
        if (t[i] !== ':') giveUp();
        i++;
        const v = item();
        (coll as YAMLMap).items.push(pair(k, v));
      } else {
        if (t[i] === ':') giveUp(); // single-pair maps inside a flow sequence
        (coll as YAMLSeq).items.push(k);
      }
      ws();
      if (t[i] === ',') i++;
      else if (t[i] !== close) giveUp();
    }
    coll.range = [p, i, i];
    return { node: coll, end: i };
  }

  private blockScalar(l: Line, p: number, parentIndent: number): Scalar {
    const t = this.text;
    const folded = t[p] === '>';
    let h = p + 1;
    let chomp: 'clip' | 'strip' = 'clip';
    if (t[h] === '-') {
      chomp = 'strip';
      h++;
    } else if (t[h] === '+' || (t.charCodeAt(h) >= 49 && t.charCodeAt(h) <= 57)) giveUp();
    const headerEnd = h;
    while (h < l.end && t.charCodeAt(h) === 32) h++;
    if (h < l.end && (t.charCodeAt(h) !== 35 || h === headerEnd)) giveUp();
    this.li++;
    let contentIndent = -1;
    const parts: string[] = [];
    let lastContent = -1;
    let j = this.li;
    for (; j < this.lines.length; j++) {
      const ln = this.lines[j]!;
      const blank = ln.indent === ln.end - ln.start;
      if (blank) {
        if (contentIndent >= 0 && ln.end - ln.start > contentIndent) giveUp();
        if (contentIndent < 0 && ln.end - ln.start > parentIndent + 1) giveUp();
        parts.push('');
        continue;
      }
      if (contentIndent < 0) {
        if (ln.indent <= parentIndent) break;
        contentIndent = ln.indent;
      }
      if (ln.indent < contentIndent) break;
      if (folded && ln.indent > contentIndent) giveUp();
      parts.push(t.slice(ln.start + contentIndent, ln.end));
      lastContent = parts.length;
    }
    if (contentIndent < 0 || lastContent < 0) giveUp();
    const body = parts.slice(0, lastContent);
    if (folded && body.includes('')) giveUp();
    let value = folded ? body.join(' ') : body.join('\n');
    if (chomp === 'clip') value += '\n';
    const lastLine = this.lines[this.li + lastContent - 1]!;
    if (lastLine.end === t.length) giveUp(); // chomping at end of input without a newline: leave to yaml
    this.li += lastContent;
    const end = this.lineEnd(lastLine);
    this.consumedEnd = end;
    return scalar(value, p, end, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL');
  }
}

/** What `compose` returns, or undefined when the text left the fast subset (or ran off a line's end). */
function unlessGivenUp<T>(compose: () => T): T | undefined {
  try {
    return compose();
  } catch (e) {
    if (e instanceof GiveUp || e instanceof RangeError || e instanceof TypeError) return undefined;
    throw e;
  }
}

/**
 * Composes `text` into a yaml Document when it stays inside the fast subset (see the file comment);
 * undefined means "parse it with the yaml package".
 */
export function fastCompose(text: string): AliasFreeDocument | undefined {
  return unlessGivenUp(() => new FastComposer(text).compose());
}

/**
 * The entry of a block map at `indent` whose key line starts at `from`, composed from its own lines only,
 * as {@link fastCompose} composes it within the whole `text`; `next` is the start of the next content
 * line after it (looked at, not composed), undefined when the entry runs to the end of the text.
 * Undefined when those lines are not exactly one such entry in the fast subset.
 */
export function composeEntry(text: string, from: number, next: number | undefined, indent: number): Pair | undefined {
  return unlessGivenUp(() => new FastComposer(text, from, next ?? text.length).entryAlone(indent, next !== undefined));
}
