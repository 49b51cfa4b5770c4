// Pratt parser for expressions. Precedence (low → high): || , && , == != , < <= > >= , unary ! - ,
// postfix . [] (). It recovers enough to report the first problem with a precise range and never throws.
import type { BinaryOp, Expr, ExpressionSyntaxError } from './ast.js';
import { FUNCTIONS } from './functions.js';
import { tokenize, type Token } from './tokenize.js';

/** Result of {@link parseExpression}: an AST when the source parsed, plus every syntax error found. */
export interface ParsedExpression {
  ast?: Expr;
  errors: ExpressionSyntaxError[];
}

const BINARY_PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 };
const UNARY_PRECEDENCE = 5;
const KEYWORDS: Record<string, boolean | null> = { true: true, false: false, null: null };

class ParseFailure extends Error {}

class Parser {
  private pos = 0;
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

  parseTop(): Expr {
    if (this.peek().kind === 'eof') this.fail('empty expression', this.peek());
    const e = this.parse(0);
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(`unexpected '${t.value}' after the end of the expression`, t);
    return e;
  }

  private parse(minPrec: number): Expr {
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
    return left;
  }

  private parsePrefix(): Expr {
    const t = this.next();
    let e: Expr;
    switch (t.kind) {
      case 'number':
        e = { kind: 'literal', value: t.value as number, start: t.start, end: t.end };
        break;
      case 'string':
        e = { kind: 'literal', value: t.value as string, start: t.start, end: t.end };
        break;
      case 'ident': {
        const name = t.value as string;
        if (name in KEYWORDS) {
          e = { kind: 'literal', value: KEYWORDS[name]!, start: t.start, end: t.end };
        } else if (this.isPunct('(')) {
          e = this.parseCall(t);
        } else {
          e = { kind: 'ident', name, start: t.start, end: t.end };
        }
        break;
      }
      case 'punct':
        if (t.value === '!' || t.value === '-') {
          const operand = this.parse(UNARY_PRECEDENCE - 0.5);
          e = { kind: 'unary', op: t.value, operand, start: t.start, end: operand.end };
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
    const name = nameToken.value as string;
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
    const close = this.expect(')', `to close the call to ${name}()`);
    const fn = FUNCTIONS[name];
    const range = { start: nameToken.start, end: close.end };
    if (!fn) {
      const known = Object.keys(FUNCTIONS).join(', ');
      this.errors.push({ message: `unknown function '${name}' (known: ${known})`, start: nameToken.start, end: nameToken.end });
    } else if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const want = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs > 16 ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      this.errors.push({ message: `${name}() takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`, ...range });
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
          // `steps.*.status`-style filters are not supported; say so precisely.
          this.fail("'*' object filters are not supported", t);
        } else {
          this.fail('expected a property name after \'.\'', t);
        }
      } else if (this.isPunct('[')) {
        this.next();
        const index = this.parse(0);
        const close = this.expect(']', 'to close the index');
        e = { kind: 'index', object: e, index, start: e.start, end: close.end };
      } else {
        return e;
      }
    }
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
    case 'call':
      return { ...e, args: e.args.map((a) => shift(a, by)), start: e.start + by, end: e.end + by };
    case 'unary':
      return { ...e, operand: shift(e.operand, by), start: e.start + by, end: e.end + by };
    case 'binary':
      return { ...e, left: shift(e.left, by), right: shift(e.right, by), start: e.start + by, end: e.end + by };
  }
}

function parseUncached(source: string): ParsedExpression {
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
