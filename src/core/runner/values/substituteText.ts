// Substitution of `${{ }}` for step types that declare a `with` key `raw` (see WithValueKind): each
// expression is evaluated once and its value inserted by a rule of the target language, and the
// result is never scanned for expressions again — a value that itself contains `${{ … }}` stays text.
import type { StepContext } from '../../contracts/StepType.js';
import { ToolError } from '../../contracts/result.js';
import { findExpressions, type FoundExpression } from '../../pipeline/expressions/findExpressions.js';
import { toDisplayString } from '../../pipeline/expressions/coerce.js';

/** Evaluates the inside of one `${{ }}`, keeping the value's type ({@link StepContext.evaluate}). */
export type Evaluate = (source: string) => unknown;

/**
 * The evaluator of a step context, with errors turned into one-line `invalid-input` errors naming
 * the key. Without one (a step type called directly, outside the runner) expressions are left as written.
 */
export function evaluatorOf(ctx: Pick<StepContext, 'evaluate'>, key: string): Evaluate | undefined {
  const evaluate = ctx.evaluate;
  if (!evaluate) return undefined;
  return (source) => {
    try {
      return evaluate(source);
    } catch (e) {
      throw new ToolError('invalid-input', `cannot evaluate \${{${source}}} in with.${key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** The expressions of `text`; an unterminated one is an `invalid-input` error. */
export function expressionsIn(text: string, key: string): FoundExpression[] {
  const found = text.includes('${{') ? findExpressions(text) : [];
  if (found.some((f) => f.unterminated)) throw new ToolError('invalid-input', `unterminated '\${{' in with.${key}`);
  return found;
}

/** The source of the one expression that makes up all of `text`, if it does. */
export function wholeExpression(text: string, key = 'value'): string | undefined {
  const found = expressionsIn(text, key);
  const f = found[0];
  return found.length === 1 && f && f.start === 0 && f.end === text.length ? f.source : undefined;
}

/** Replaces each `${{ }}` of `text` once by `encode(value)` (default: the display string). */
export function substituteText(text: string, evaluate: Evaluate, key: string, encode: (v: unknown) => string = toDisplayString): string {
  const found = expressionsIn(text, key);
  if (found.length === 0) return text;
  let out = '';
  let last = 0;
  for (const f of found) {
    out += text.slice(last, f.start) + encode(evaluate(f.source));
    last = f.end;
  }
  return out + text.slice(last);
}

/**
 * Like the runner's own interpolation of `with`, for a raw value: every string inside objects and
 * arrays is substituted once; a string that is exactly one `${{ }}` keeps the value's type.
 */
export function substituteDeep(value: unknown, evaluate: Evaluate, key: string): unknown {
  if (typeof value === 'string') {
    const whole = wholeExpression(value, key);
    if (whole !== undefined) return evaluate(whole) ?? '';
    return substituteText(value, evaluate, key);
  }
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, evaluate, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, evaluate, key)]));
  return value;
}

/**
 * `text` with every `${{ }}` replaced by a placeholder made of letters and digits only, so the text
 * can be split or parsed by the target language's own rules before any value is known. `marker`
 * does not otherwise occur in `text`; `sources[i]` is the expression of placeholder `i`.
 */
export function withPlaceholders(text: string, key: string): { text: string; sources: string[]; pattern: RegExp; placeholder(i: number): string } {
  const found = expressionsIn(text, key);
  let marker = 'ansflowvalue';
  while (text.includes(marker)) marker += 'x';
  const placeholder = (i: number): string => `${marker}${i}z`;
  let out = '';
  let last = 0;
  found.forEach((f, i) => {
    out += text.slice(last, f.start) + placeholder(i);
    last = f.end;
  });
  return { text: out + text.slice(last), sources: found.map((f) => f.source), pattern: new RegExp(`${marker}(\\d+)z`, 'g'), placeholder };
}
