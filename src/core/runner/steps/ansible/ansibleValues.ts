// How ansible.* steps substitute `${{ }}`: values reach Ansible as extra vars in a 0600 file, each
// value from an expression tagged `!unsafe` so Ansible's own templating never evaluates it; literal
// text the author wrote (including their own `{{ … }}`) is templated by Ansible as usual.
import type { WithValueKind } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { getAdhocArgsText, isFreeFormModule } from '../../../clients/ansible/adhocArgs.js';
import { analyzeScript } from '../../inject/index.js';
import { UnsafeText } from '../../../clients/ansible/unsafeVarsFile.js';
import { toDisplayString } from '../../../pipeline/expressions/coerce.js';
import { expressionsIn, substituteText, wholeExpression, type Evaluate } from '../../values/index.js';

/** `extraVars` (and its spellings) are raw: the step marks values from expressions unsafe. */
export const ANSIBLE_PLAYBOOK_RAW_KEYS: Readonly<Record<string, WithValueKind>> = { extraVars: 'raw', 'extra-vars': 'raw', extra_vars: 'raw' };

/** ansible.adhoc adds `args`: values become references to unsafe extra vars (see getAdhocArgsText). */
export const ANSIBLE_ADHOC_RAW_KEYS: Readonly<Record<string, WithValueKind>> = { ...ANSIBLE_PLAYBOOK_RAW_KEYS, args: 'raw' };

function unsafeAll(v: unknown): unknown {
  if (typeof v === 'string') return new UnsafeText(v);
  if (Array.isArray(v)) return v.map(unsafeAll);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsafeAll(x)]));
  return v;
}

function unsafeValues(value: unknown, evaluate: Evaluate, key: string): unknown {
  if (typeof value === 'string') {
    if (expressionsIn(value, key).length === 0) return value;
    const whole = wholeExpression(value, key);
    // A whole expression keeps its type (numbers, lists, maps), every text inside it unsafe.
    if (whole !== undefined) return unsafeAll(evaluate(whole) ?? '');
    return new UnsafeText(substituteText(value, evaluate, key));
  }
  if (Array.isArray(value)) return value.map((v) => unsafeValues(v, evaluate, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsafeValues(v, evaluate, key)]));
  return value;
}

/**
 * `extraVars` (as written: a mapping, or one `${{ }}` giving a mapping) with each value from an
 * expression as {@link UnsafeText}; other values as written.
 */
export function unsafeExtraVars(extraVars: unknown, evaluate: Evaluate): Record<string, unknown> {
  if (extraVars === undefined || extraVars === null) return {};
  const v = unsafeValues(extraVars, evaluate, 'extraVars');
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof UnsafeText) throw new ToolError('invalid-input', '`extraVars` must be a mapping of variable names to values.');
  return v as Record<string, unknown>;
}

/** True for a `with` value the runner left raw that is exactly one `${{ }}` (checked after substitution). */
export function isWholeExpression(v: unknown): boolean {
  return typeof v === 'string' && wholeExpression(v) !== undefined;
}

/** Names of the extra vars holding values of an ad-hoc `args` text; unlikely to meet a user's own. */
const argVar = (i: number): string => `__ansflow_value_${i}`;

/**
 * Free-form modules hand their command line to a shell (`shell`, `raw`, `script`) or split it like
 * one (`command`): a value is substituted as one shell-quoted word, which is only right where a word
 * may start unquoted. Inside `"…"` the shell would still expand `$(…)` in it, so quoted places are
 * refused, as are places where the shell parses text again (`sh -c '…'`, `eval`, heredocs).
 */
function checkFreeFormPlaces(args: string, module: string): void {
  const sites = analyzeScript('shell', args);
  for (const site of sites) {
    const c = site.context;
    if (c.kind === 'unquoted' || c.kind === 'comment') continue;
    const why = c.kind === 'error' ? c.problem.message : 'inside quotes';
    throw new ToolError('invalid-input', `with.args: \${{${site.source}}} is ${why}; in a ${module} command line write it unquoted (it is passed as one shell-quoted word), or pass it in extraVars and use {{ var | quote }}`);
  }
}

/** An ad-hoc `args` text with its values moved to unsafe extra vars it refers to. */
export function adhocArgsWithValues(args: string, module: string, evaluate: Evaluate): { text: string; vars: Record<string, UnsafeText> } {
  if (isFreeFormModule(module)) checkFreeFormPlaces(args, module);
  const found = expressionsIn(args, 'args');
  const vars: Record<string, UnsafeText> = {};
  found.forEach((f, i) => (vars[argVar(i)] = new UnsafeText(toDisplayString(evaluate(f.source)))));
  return { text: getAdhocArgsText(args, module, found.map((f, i) => ({ start: f.start, end: f.end, varName: argVar(i) }))), vars };
}
