// Quick fixes for the status diagnostics: use the value expressions really see (`status-value`), and
// make an `if:` whose meaning changed explicit (`condition-changed`), which also silences the hint.
import type { Diagnostic } from '../core/contracts/diagnostics.js';
import { conditionSource } from '../core/pipeline/expressions/interpolate.js';
import type { QuickFix as Fix } from './quickFixes.js';

/** `'failed'` → `'failure'` when the diagnostic names the mapped value. */
export function statusValueFixes(d: Diagnostic): Fix[] {
  const s = d.data?.suggestion;
  return typeof s === 'string' ? [{ title: `Compare with '${s}'`, diagnostic: d, edits: [{ range: d.range, newText: `'${s}'` }], preferred: true }] : [];
}

/**
 * `always() && (…)` (the old meaning) and `success() && (…)` (the new one, written out). Only for a
 * plain or double-quoted scalar holding a bare expression or one lone `${{ }}`; anything else is
 * left to the author rather than risk changing the YAML.
 */
export function conditionChangedFixes(text: string, d: Diagnostic): Fix[] {
  const raw = text.slice(d.range.start, d.range.end);
  const dq = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  if (!dq && /^['"|>]/.test(raw)) return [];
  const body = dq ? raw.slice(1, -1) : raw;
  if (dq && body.includes('\\')) return [];
  const inner = conditionSource(body);
  const wrapped = inner !== body;
  if (!wrapped && body.includes('${{')) return [];
  const make = (fn: string): string => {
    const expr = `${fn}() && (${inner.trim()})`;
    const value = wrapped ? `\${{ ${expr} }}` : expr;
    // A plain scalar may not start with some indicators; `always()` / `success()` never do.
    return dq ? `"${value}"` : value;
  };
  return [
    { title: 'Run regardless of the needs: always() && (…)', diagnostic: d, edits: [{ range: d.range, newText: make('always') }] },
    { title: 'Keep the new meaning, written out: success() && (…)', diagnostic: d, edits: [{ range: d.range, newText: make('success') }], preferred: true },
  ];
}
