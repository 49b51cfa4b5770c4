// Built-in expression functions: arity for the parser, implementations for the evaluator. Behaviour
// follows GitHub Actions' functions (actions/runner Expressions2 Sdk/Functions); names are
// case-insensitive and resolved by {@link findFunction}.
import type { ExpressionState } from './ExpressionContext.js';
import { foldCase, isPrimitive, looseEquals, toDisplayString } from './coerce.js';
import { hashFilesIn } from './hashFilesFunction.js';

/** Arity and behaviour of one built-in function. */
export interface BuiltinFunction {
  minArgs: number;
  maxArgs: number;
  /** Set when the arguments come in (predicate, value) pairs plus a default: the count must be odd. */
  oddArgs?: true;
  /** One-line signature for hovers and completion. */
  signature: string;
  description: string;
  /** `roots` are the context roots (`run.workspace` for file functions). */
  call(args: unknown[], state: ExpressionState, roots?: Record<string, unknown>): unknown;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

function invalidFormat(template: string): Error {
  return new Error(`format(): the following format string is invalid: ${template}`);
}

// Same scan as GitHub: `{{`/`}}` are literal braces, `{N}` is argument N; any other brace (an
// unbalanced one, `{}`, `{x}`, `{0:spec}`) makes the whole call fail instead of passing through.
function format(args: unknown[]): string {
  const template = toDisplayString(args[0]);
  let out = '';
  let i = 0;
  while (i < template.length) {
    const l = template.indexOf('{', i);
    const r = template.indexOf('}', i);
    if (l >= 0 && (r < 0 || l < r)) {
      if (template[l + 1] === '{') {
        out += template.slice(i, l + 1);
        i = l + 2;
        continue;
      }
      const digits = /^\d+/.exec(template.slice(l + 1, r < 0 ? undefined : r))?.[0];
      if (r < 0 || digits === undefined || l + 1 + digits.length !== r) throw invalidFormat(template);
      const index = Number(digits);
      if (index + 1 >= args.length) throw new Error(`format(): the following format string references more arguments than were supplied: ${template}`);
      out += template.slice(i, l) + toDisplayString(args[index + 1]);
      i = r + 1;
    } else if (r >= 0) {
      if (template[r + 1] !== '}') throw invalidFormat(template);
      out += template.slice(i, r + 1);
      i = r + 2;
    } else {
      out += template.slice(i);
      break;
    }
  }
  return out;
}

// contains/startsWith/endsWith on two primitives, as text ignoring case; false for objects.
function textTest(a: unknown, b: unknown, test: (text: string, part: string) => boolean): boolean {
  if (!isPrimitive(a) || !isPrimitive(b)) return false;
  return test(foldCase(toDisplayString(a)), foldCase(toDisplayString(b)));
}

/** The built-in functions by canonical name. */
export const FUNCTIONS: Record<string, BuiltinFunction> = {
  success: { minArgs: 0, maxArgs: 0, signature: 'success()', description: 'True when every dependency succeeded and the run is not cancelled. An `if` that calls no status function is evaluated as `success() && (…)`.', call: (_a, s) => !s.failed && !s.cancelled && !s.skipped },
  failure: { minArgs: 0, maxArgs: 0, signature: 'failure()', description: 'True when a dependency (or, in `finally`, any step) failed.', call: (_a, s) => s.failed },
  always: { minArgs: 0, maxArgs: 0, signature: 'always()', description: 'Always true: the step runs even after failures or a cancel.', call: () => true },
  cancelled: { minArgs: 0, maxArgs: 0, signature: 'cancelled()', description: 'True when the run was cancelled.', call: (_a, s) => s.cancelled },
  contains: {
    minArgs: 2, maxArgs: 2, signature: 'contains(search, item)', description: 'Substring test for strings (case-insensitive) or membership test for arrays.',
    call: ([search, item]) => {
      if (Array.isArray(search)) return search.some((x) => looseEquals(item, x));
      return textTest(search, item, (t, p) => t.includes(p));
    },
  },
  startsWith: { minArgs: 2, maxArgs: 2, signature: 'startsWith(text, prefix)', description: 'Case-insensitive prefix test.', call: ([a, b]) => textTest(a, b, (t, p) => t.startsWith(p)) },
  endsWith: { minArgs: 2, maxArgs: 2, signature: 'endsWith(text, suffix)', description: 'Case-insensitive suffix test.', call: ([a, b]) => textTest(a, b, (t, p) => t.endsWith(p)) },
  format: { minArgs: 1, maxArgs: UNLIMITED, signature: "format('{0}-{1}', a, b)", description: 'Replaces `{N}` with argument N; `{{` and `}}` give literal braces; any other brace is an error.', call: (args) => format(args) },
  join: {
    minArgs: 1, maxArgs: 2, signature: "join(array, ', ')", description: 'Joins array items with a separator (default `,`); a single value is written as text.',
    call: ([arr, sep]) => {
      if (Array.isArray(arr)) return arr.map(toDisplayString).join(sep !== undefined && isPrimitive(sep) ? toDisplayString(sep) : ',');
      return isPrimitive(arr) ? toDisplayString(arr) : '';
    },
  },
  toJSON: { minArgs: 1, maxArgs: 1, signature: 'toJSON(value)', description: 'Pretty-printed JSON of a value.', call: ([v]) => JSON.stringify(v ?? null, null, 2) },
  fromJSON: {
    minArgs: 1, maxArgs: 1, signature: 'fromJSON(text)', description: 'Parses JSON text into a value (e.g. a step output holding a list).',
    call: ([v]) => {
      try {
        return JSON.parse(toDisplayString(v));
      } catch (e) {
        throw new SyntaxError(`fromJSON(): ${(e as Error).message}`);
      }
    },
  },
  hashFiles: {
    minArgs: 1, maxArgs: UNLIMITED, signature: "hashFiles('**/package-lock.json', …)", description: 'SHA-256 of the workspace files the globs match (paths and contents; `!` excludes); empty when none matches. For cache keys.',
    call: (args, _s, roots) => hashFilesIn((roots?.run as { workspace?: unknown } | undefined)?.workspace, args),
  },
  case: {
    minArgs: 3, maxArgs: UNLIMITED, oddArgs: true, signature: "case(pred, value, …, default)", description: 'The value after the first predicate that is true, else the last argument (the default). Predicates must be booleans.',
    // The evaluator calls this lazily (see evaluateCase); this form serves already-evaluated arguments.
    call: (args) => {
      for (let i = 0; i + 1 < args.length; i += 2) if (casePredicate(args[i], i)) return args[i + 1];
      return args[args.length - 1];
    },
  },
};

/** Checks one `case()` predicate: it must be a boolean (GitHub refuses truthy strings and numbers). */
export function casePredicate(v: unknown, index: number): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`case(): predicate ${index / 2 + 1} must be a boolean, got ${v === null || v === undefined ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  return v;
}

const BY_FOLDED_NAME = new Map(Object.keys(FUNCTIONS).map((name) => [name.toLowerCase(), name]));

/** The canonical name of a built-in function written in any case (`fromjson` → `fromJSON`), or undefined. */
export function findFunction(name: string): string | undefined {
  return BY_FOLDED_NAME.get(name.toLowerCase());
}
