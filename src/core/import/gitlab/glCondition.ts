import { exprString } from '../shared/pipelineText';

// GitLab's `rules: if:` language (`$VAR == "x"`, `=~ /re/`, `&&`, `||`, parentheses) written as our
// expressions. Regexes become startsWith/endsWith/contains/== when they are literal text anchored
// that way; anything else is reported as untranslatable and reads as true (the job runs more often,
// never silently less).

export interface TranslatedCondition {
  expr: string;
  /** Parts that could not be translated, as written. */
  untranslated: string[];
}

/** Our expression for `$NAME` in a condition (ci.*, env.*, matrix.*, params.*). */
export type VarRef = (name: string) => string;

type Token = { kind: 'var' | 'str' | 're' | 'op' | 'paren' | 'null'; text: string; flags?: string };

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const m =
      /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(rest) ??
      undefined;
    if (m) {
      out.push({ kind: 'var', text: m[1] });
      i += m[0].length;
      continue;
    }
    const str = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(rest);
    if (str) {
      out.push({ kind: 'str', text: str[1] !== undefined ? str[1].replace(/\\(.)/g, '$1') : str[2] });
      i += str[0].length;
      continue;
    }
    const re = /^\/((?:[^/\\]|\\.)*)\/([a-z]*)/.exec(rest);
    if (re && out.length && out[out.length - 1].kind === 'op' && /[=!]~/.test(out[out.length - 1].text)) {
      out.push({ kind: 're', text: re[1], flags: re[2] });
      i += re[0].length;
      continue;
    }
    const op = /^(==|!=|=~|!~|&&|\|\|)/.exec(rest);
    if (op) {
      out.push({ kind: 'op', text: op[1] });
      i += 2;
      continue;
    }
    if (rest[0] === '(' || rest[0] === ')') {
      out.push({ kind: 'paren', text: rest[0] });
      i += 1;
      continue;
    }
    if (/^null\b/.test(rest)) {
      out.push({ kind: 'null', text: 'null' });
      i += 4;
      continue;
    }
    return undefined;
  }
  return out;
}

const META = /[.*+?^${}()|[\]\\]/;

/** A regex of plain text (escapes allowed) as that text, else undefined. */
function literalOf(re: string): string | undefined {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      const next = re[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      out += next;
      i++;
    } else if (META.test(c)) {
      return undefined;
    } else {
      out += c;
    }
  }
  return out;
}

/** `subject =~ /re/` as our expression, or undefined when the regex is not a simple literal match. */
export function regexMatch(subject: string, re: string): string | undefined {
  let anchoredStart = re.startsWith('^');
  let anchoredEnd = re.endsWith('$') && !re.endsWith('\\$');
  let body = re.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  // `.*` at either end matches anything there: the same as no anchor.
  if (anchoredEnd && body.endsWith('.*') && !body.endsWith('\\.*')) [body, anchoredEnd] = [body.slice(0, -2), false];
  if (anchoredStart && body.startsWith('.*')) [body, anchoredStart] = [body.slice(2), false];
  const alternatives = /^\((?:\?:)?([^()]*)\)$/.exec(body)?.[1].split('|') ?? [body];
  const parts: string[] = [];
  for (const alt of alternatives) {
    const lit = literalOf(alt);
    if (lit === undefined) return undefined;
    const s = exprString(lit);
    if (anchoredStart && anchoredEnd) parts.push(`${subject} == ${s}`);
    else if (anchoredStart) parts.push(`startsWith(${subject}, ${s})`);
    else if (anchoredEnd) parts.push(`endsWith(${subject}, ${s})`);
    else parts.push(`contains(${subject}, ${s})`);
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

class Parser {
  private pos = 0;
  readonly untranslated: string[] = [];
  constructor(
    private readonly tokens: Token[],
    private readonly ref: VarRef,
  ) {}

  parse(): string | undefined {
    const e = this.or();
    return this.pos === this.tokens.length ? e : undefined;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private or(): string | undefined {
    let left = this.and();
    while (left !== undefined && this.peek()?.text === '||') {
      this.pos++;
      const right = this.and();
      if (right === undefined) return undefined;
      left = `${left} || ${right}`;
    }
    return left;
  }

  private and(): string | undefined {
    let left = this.primary();
    while (left !== undefined && this.peek()?.text === '&&') {
      this.pos++;
      const right = this.primary();
      if (right === undefined) return undefined;
      left = `${wrapOr(left)} && ${wrapOr(right)}`;
    }
    return left;
  }

  private operand(t: Token | undefined): string | undefined {
    if (!t) return undefined;
    if (t.kind === 'var') return this.ref(t.text);
    if (t.kind === 'str') return exprString(t.text);
    if (t.kind === 'null') return "''";
    return undefined;
  }

  private primary(): string | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (t.text === '(') {
      this.pos++;
      const inner = this.or();
      if (this.peek()?.text !== ')') return undefined;
      this.pos++;
      return inner === undefined ? undefined : `(${inner})`;
    }
    const left = this.operand(t);
    if (left === undefined) return undefined;
    this.pos++;
    const op = this.peek();
    if (op?.kind === 'op' && (op.text === '==' || op.text === '!=')) {
      this.pos++;
      const right = this.operand(this.peek());
      if (right === undefined) return undefined;
      this.pos++;
      return `${left} ${op.text} ${right}`;
    }
    if (op?.kind === 'op' && (op.text === '=~' || op.text === '!~')) {
      this.pos++;
      const re = this.peek();
      if (re?.kind !== 're' && re?.kind !== 'var') return undefined;
      this.pos++;
      const match = re.kind === 're' ? regexMatch(left, re.text) : undefined;
      if (match === undefined) {
        this.untranslated.push(`${t.kind === 'var' ? `$${t.text}` : t.text} ${op.text} ${re.kind === 're' ? `/${re.text}/${re.flags ?? ''}` : `$${re.text}`}`);
        return 'true';
      }
      return op.text === '!~' ? `!${match.startsWith('(') ? match : `(${match})`}` : match;
    }
    // A variable alone: set and not empty.
    return t.kind === 'var' ? `${left} != ''` : undefined;
  }
}

function wrapOr(e: string): string {
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')') depth--;
    else if (depth === 0 && e.startsWith('||', i)) return `(${e})`;
  }
  return e;
}

/** A GitLab `if:` as our expression; undefined when it does not parse at all. */
export function translateIf(source: string, ref: VarRef): TranslatedCondition | undefined {
  const tokens = tokenize(source);
  if (!tokens) return undefined;
  const parser = new Parser(tokens, ref);
  const expr = parser.parse();
  return expr === undefined ? undefined : { expr, untranslated: parser.untranslated };
}

export function and(parts: string[]): string {
  const kept = parts.filter((p) => p !== 'true');
  if (kept.includes('false')) return 'false';
  if (!kept.length) return 'true';
  return kept.length === 1 ? kept[0] : kept.map(wrapOr).join(' && ');
}

export function or(parts: string[]): string {
  const kept = parts.filter((p) => p !== 'false');
  if (kept.includes('true')) return 'true';
  if (!kept.length) return 'false';
  return kept.length === 1 ? kept[0] : kept.join(' || ');
}

export function not(e: string): string {
  if (e === 'true') return 'false';
  if (e === 'false') return 'true';
  if (/^[A-Za-z_.]+ == /.test(e) && !/&&|\|\|/.test(e)) return e.replace(' == ', ' != ');
  if (/^[A-Za-z_.]+ != /.test(e) && !/&&|\|\|/.test(e)) return e.replace(' != ', ' == ');
  return `!(${e})`;
}
