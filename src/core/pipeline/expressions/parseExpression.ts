// Pratt parser for expressions. Precedence (low → high): || , && , == != , < <= > >= , unary ! - ,
// postfix . [] (). It recovers enough to report the first problem with a precise range and never throws.
// Follows GitHub's grammar: names are case-insensitive, `.*`/`[*]` are object filters, only names,
// calls and parenthesised expressions take `.`/`[]`, and an empty expression is `null`.
import type { BinaryOp, Expr, ExpressionSyntaxError } from './ast.js';
import { FUNCTIONS, findFunction } from './functions.js';
import { tokenize, type Token } from './tokenize.js';

/** Result of {@link parseExpression}: an AST when the source parsed, plus every syntax error found. */
export interface ParsedExpression {
  ast?: Expr;
  errors: ExpressionSyntaxError[];
}

const BINARY_PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 };
const UNARY_PRECEDENCE = 5;
// Case-sensitive, as in GitHub (`True` is a name, not a literal).
const KEYWORDS = new Map<string, boolean | number | null>([['true', true], ['false', false], ['null', null], ['NaN', NaN], ['Infinity', Infinity]]);
/** Deepest nesting accepted; deeper input is a syntax error instead of a stack overflow. */
const MAX_DEPTH = 200;
/** Longest expression accepted (GitHub's limit). */
export const MAX_EXPRESSION_LENGTH = 21000;

class ParseFailure extends Error {}

// Messages quote a bad token, but never a 20 KB string literal.
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

class Parser {
  private pos = 0;
  private nesting = 0;
  readonly errors: ExpressionSyntaxError[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === value;
  }

  private fail(message: string, t: Token): never {
    // An empty range at end of input still needs a visible width for editors.
    const end = t.end > t.start ? t.end : t.start;
    this.errors.push({ message, start: t.start, end });
    throw new ParseFailure(message);
  }

  private expect(value: string, what: string): Token {
    if (!this.isPunct(value)) this.fail(`expected '${value}' ${what}`, this.peek());
    return this.next();
  }

  private tooDeep(t: Token): never {
    this.fail(`expression is nested more than ${MAX_DEPTH} levels deep`, t);
  }

  parseTop(): Expr {
    const first = this.peek();
    // `${{ }}` is null, as in GitHub.
    if (first.kind === 'eof') return { kind: 'literal', value: null, start: first.start, end: first.end };
    const e = this.parse(0);
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(`unexpected '${clip(String(t.value))}' after the end of the expression`, t);
    // Left-deep chains (`a.b.c…`, `a || b || …`) grow the tree without deep recursion here, but
    // every later walk recurses. Each node takes at least one token, so only long input can be deep.
    if (this.tokens.length > MAX_DEPTH && deeperThan(e, MAX_DEPTH)) this.tooDeep({ kind: 'eof', value: '', start: e.start, end: e.end });
    return e;
  }

  private parse(minPrec: number): Expr {
    if (++this.nesting > MAX_DEPTH) this.tooDeep(this.peek());
    let left = this.parsePrefix();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') break;
      const prec = BINARY_PRECEDENCE[t.value as string];
      if (prec === undefined || prec <= minPrec) break;
      this.next();
      const right = this.parse(prec);
      left = { kind: 'binary', op: t.value as BinaryOp, left, right, start: left.start, end: right.end };
    }
    this.nesting--;
    return left;
  }

  private parsePrefix(): Expr {
    const t = this.next();
    let e: Expr;
    switch (t.kind) {
      // Literals take no `.`/`[]` (GitHub rejects `'a'.b`).
      case 'number':
        return { kind: 'literal', value: t.value as number, start: t.start, end: t.end };
      case 'string':
        return { kind: 'literal', value: t.value as string, start: t.start, end: t.end };
      case 'ident': {
        const name = t.value as string;
        if (KEYWORDS.has(name)) return { kind: 'literal', value: KEYWORDS.get(name)!, start: t.start, end: t.end };
        if (this.isPunct('(')) e = this.parseCall(t);
        else e = { kind: 'ident', name: name.toLowerCase(), start: t.start, end: t.end };
        break;
      }
      case 'punct':
        if (t.value === '!' || t.value === '-') {
          const operand = this.parse(UNARY_PRECEDENCE - 0.5);
          return { kind: 'unary', op: t.value, operand, start: t.start, end: operand.end };
        } else if (t.value === '(') {
          const inner = this.parse(0);
          const close = this.expect(')', 'to close the parenthesis');
          e = { ...inner, start: t.start, end: close.end };
        } else {
          this.fail(`unexpected '${t.value}'`, t);
        }
        break;
      default:
        this.fail('unexpected end of expression', t);
    }
    return this.parsePostfix(e);
  }

  private parseCall(nameToken: Token): Expr {
    const written = nameToken.value as string;
    const name = findFunction(written) ?? written;
    this.next(); // (
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.parse(0));
        if (this.isPunct(',')) {
          this.next();
          continue;
        }
        break;
      }
    }
    const close = this.expect(')', `to close the call to ${written}()`);
    const fn = findFunction(written) !== undefined ? FUNCTIONS[name] : undefined;
    const range = { start: nameToken.start, end: close.end };
    if (!fn) {
      const known = Object.keys(FUNCTIONS).join(', ');
      this.errors.push({ message: `unknown function '${written}' (known: ${known})`, start: nameToken.start, end: nameToken.end });
    } else if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const want = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs > 16 ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      this.errors.push({ message: `${name}() takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`, ...range });
    } else if (fn.oddArgs && args.length % 2 === 0) {
      this.errors.push({ message: `${name}() takes (predicate, value) pairs and a default, an odd number of arguments; got ${args.length}`, ...range });
    }
    return { kind: 'call', name, args, ...range };
  }

  private parsePostfix(e: Expr): Expr {
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const t = this.next();
        if (t.kind === 'ident') {
          e = { kind: 'member', object: e, property: t.value as string, propertyStart: t.start, start: e.start, end: t.end };
        } else if (t.kind === 'punct' && t.value === '*') {
          e = { kind: 'filter', object: e, start: e.start, end: t.end };
        } else {
          this.fail('expected a property name after \'.\'', t);
        }
      } else if (this.isPunct('[')) {
        this.next();
        const star = this.peek();
        if (star.kind === 'punct' && star.value === '*' && this.tokens[this.pos + 1]?.kind === 'punct' && this.tokens[this.pos + 1]!.value === ']') {
          this.next();
          const close = this.next();
          e = { kind: 'filter', object: e, start: e.start, end: close.end };
          continue;
        }
        const index = this.parse(0);
        const close = this.expect(']', 'to close the index');
        e = { kind: 'index', object: e, index, start: e.start, end: close.end };
      } else {
        return e;
      }
    }
  }
}

// True when the tree is more than `budget` levels deep; recursion stops at the budget.
function deeperThan(e: Expr, budget: number): boolean {
  if (budget <= 0) return true;
  switch (e.kind) {
    case 'literal':
    case 'ident':
      return false;
    case 'member':
    case 'filter':
      return deeperThan(e.object, budget - 1);
    case 'index':
      return deeperThan(e.object, budget - 1) || deeperThan(e.index, budget - 1);
    case 'call':
      return e.args.some((a) => deeperThan(a, budget - 1));
    case 'unary':
      return deeperThan(e.operand, budget - 1);
    case 'binary':
      return deeperThan(e.left, budget - 1) || deeperThan(e.right, budget - 1);
  }
}

const cache = new Map<string, ParsedExpression>();
const CACHE_LIMIT = 5000;

function shift(e: Expr, by: number): Expr {
  switch (e.kind) {
    case 'literal':
    case 'ident':
      return { ...e, start: e.start + by, end: e.end + by };
    case 'member':
      return { ...e, object: shift(e.object, by), propertyStart: e.propertyStart + by, start: e.start + by, end: e.end + by };
    case 'index':
      return { ...e, object: shift(e.object, by), index: shift(e.index, by), start: e.start + by, end: e.end + by };
    case 'filter':
      return { ...e, object: shift(e.object, by), start: e.start + by, end: e.end + by };
    case 'call':
      return { ...e, args: e.args.map((a) => shift(a, by)), start: e.start + by, end: e.end + by };
    case 'unary':
      return { ...e, operand: shift(e.operand, by), start: e.start + by, end: e.end + by };
    case 'binary':
      return { ...e, left: shift(e.left, by), right: shift(e.right, by), start: e.start + by, end: e.end + by };
  }
}

function parseUncached(source: string): ParsedExpression {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return { errors: [{ message: `expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, start: 0, end: source.length }] };
  }
  const { tokens, errors } = tokenize(source, 0);
  if (errors.length) return { errors: [errors[0]!] };
  const parser = new Parser(tokens);
  try {
    const ast = parser.parseTop();
    return parser.errors.length ? { ast, errors: parser.errors } : { ast, errors: [] };
  } catch (e) {
    if (e instanceof ParseFailure) return { errors: parser.errors };
    throw e;
  }
}

/**
 * Parses the text between `${{` and `}}` (or a bare `if:` value). Positions in the result are
 * `offset` + position in `source`. Parsed trees are cached by source, so re-validating is cheap.
 */
export function parseExpression(source: string, offset = 0): ParsedExpression {
  let hit = cache.get(source);
  if (!hit) {
    hit = parseUncached(source);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, hit);
  }
  if (offset === 0) return hit;
  return {
    ast: hit.ast ? shift(hit.ast, offset) : undefined,
    errors: hit.errors.map((er) => ({ ...er, start: er.start + offset, end: er.end + offset })),
  };
}
