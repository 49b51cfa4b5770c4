// Built-in expression functions: arity for the parser, implementations for the evaluator.
import type { ExpressionState } from './ExpressionContext.js';
import { looseEquals, toDisplayString } from './coerce.js';

/** Arity and behaviour of one built-in function. */
export interface BuiltinFunction {
  minArgs: number;
  maxArgs: number;
  /** One-line signature for hovers and completion. */
  signature: string;
  description: string;
  call(args: unknown[], state: ExpressionState): unknown;
}

function format(args: unknown[]): string {
  const template = toDisplayString(args[0]);
  // `{{` and `}}` escape braces; `{N}` inserts argument N (0-based, after the template).
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, idx: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = Number(idx);
    if (i + 1 >= args.length) throw new RangeError(`format(): no argument for {${i}}`);
    return toDisplayString(args[i + 1]);
  });
}

/** The built-in functions by name. */
export const FUNCTIONS: Record<string, BuiltinFunction> = {
  success: { minArgs: 0, maxArgs: 0, signature: 'success()', description: 'True when every dependency succeeded and the run is not cancelled. An `if` that calls no status function is evaluated as `success() && (…)`.', call: (_a, s) => !s.failed && !s.cancelled && !s.skipped },
  failure: { minArgs: 0, maxArgs: 0, signature: 'failure()', description: 'True when a dependency (or, in `finally`, any step) failed.', call: (_a, s) => s.failed },
  always: { minArgs: 0, maxArgs: 0, signature: 'always()', description: 'Always true: the step runs even after failures or a cancel.', call: () => true },
  cancelled: { minArgs: 0, maxArgs: 0, signature: 'cancelled()', description: 'True when the run was cancelled.', call: (_a, s) => s.cancelled },
  contains: {
    minArgs: 2, maxArgs: 2, signature: 'contains(search, item)', description: 'Substring test for strings (case-insensitive) or membership test for arrays.',
    call: ([search, item]) => {
      if (Array.isArray(search)) return search.some((x) => looseEquals(x, item));
      return toDisplayString(search).toLowerCase().includes(toDisplayString(item).toLowerCase());
    },
  },
  startsWith: { minArgs: 2, maxArgs: 2, signature: 'startsWith(text, prefix)', description: 'Case-insensitive prefix test.', call: ([a, b]) => toDisplayString(a).toLowerCase().startsWith(toDisplayString(b).toLowerCase()) },
  endsWith: { minArgs: 2, maxArgs: 2, signature: 'endsWith(text, suffix)', description: 'Case-insensitive suffix test.', call: ([a, b]) => toDisplayString(a).toLowerCase().endsWith(toDisplayString(b).toLowerCase()) },
  format: { minArgs: 1, maxArgs: 32, signature: "format('{0}-{1}', a, b)", description: 'Replaces `{N}` with argument N; `{{` and `}}` give literal braces.', call: (args) => format(args) },
  join: {
    minArgs: 1, maxArgs: 2, signature: "join(array, ', ')", description: 'Joins array items with a separator (default `,`).',
    call: ([arr, sep]) => (Array.isArray(arr) ? arr.map(toDisplayString).join(sep === undefined ? ',' : toDisplayString(sep)) : toDisplayString(arr)),
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
};
