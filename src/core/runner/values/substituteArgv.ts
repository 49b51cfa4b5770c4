// Command lines without a shell (docker.run `command` / `entrypoint`): the literal text is split into
// arguments first, then each `${{ }}` is substituted inside its argument, so a value with spaces,
// quotes, `;` or `#` stays inside the one argument it was written in.
import { shlexSplit } from '../../util/shlexSplit.js';
import { ToolError } from '../../contracts/result.js';
import { toDisplayString } from '../../pipeline/expressions/coerce.js';
import { substituteText, wholeExpression, withPlaceholders, type Evaluate } from './substituteText.js';

function split(text: string, key: string): string[] {
  try {
    // No comments: without a shell `#` is an ordinary character (`echo a#b`, a URL fragment).
    return shlexSplit(text);
  } catch (e) {
    throw new ToolError('invalid-input', `with.${key}: ${(e as Error).message.toLowerCase()}`);
  }
}

/**
 * An argument vector from a `with` value: a list is one argument per item; a string is split like a
 * POSIX shell word list (quotes, backslashes; no expansions, no `#` comments). A value that is exactly one `${{ }}`
 * giving a list becomes those arguments; giving null or '' means "not set". Without `evaluate`
 * expressions are left as written.
 */
export function substituteArgv(value: unknown, evaluate: Evaluate | undefined, key: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' && evaluate ? substituteText(v, evaluate, key) : toDisplayString(v)));
  const text = String(value);
  if (!evaluate) return split(text, key);
  const whole = wholeExpression(text, key);
  if (whole !== undefined) {
    const v = evaluate(whole);
    if (v === null || v === undefined || v === '') return undefined;
    return Array.isArray(v) ? v.map(toDisplayString) : [toDisplayString(v)];
  }
  const p = withPlaceholders(text, key);
  const values = p.sources.map((s) => toDisplayString(evaluate(s)));
  return split(p.text, key).map((arg) => arg.replace(p.pattern, (_m, i: string) => values[Number(i)]!));
}
