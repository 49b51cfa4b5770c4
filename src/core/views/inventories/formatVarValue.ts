// How a variable's value reads in one tree row: strings as written, other values as compact JSON,
// vault values as a fixed word (the ciphertext is never shown, let alone decrypted).
import { isVaultValue } from '../../clients/ansible/inventory/parseYamlInventory.js';
import type { JsonValue } from '../../clients/ansible/inventory/pythonLiteral.js';
import { PyNumber } from '../../clients/ansible/inventory/pyNumber.js';

const SHORT = 80;

// Numbers inside lists and mappings print as Python has them too (`[1.0, 1e+16]`): each PyNumber becomes a
// marked string that is swapped for its text after JSON.stringify.
const MARK = '\u0000py:';
const MARKED = /"\\u0000py:([^"]*)"/g;

function compactJson(v: JsonValue): string {
  return JSON.stringify(v, function (this: Record<string, unknown>, k, x: unknown) {
    const raw = this[k];
    if (raw instanceof PyNumber) return MARK + raw.text;
    return isVaultValue(x) ? 'encrypted (vault)' : x;
  }).replace(MARKED, '$1');
}

/** `short` for the row's description, `full` for its tooltip. */
export function formatVarValue(v: JsonValue): { short: string; full: string } {
  if (isVaultValue(v)) return { short: 'encrypted (vault)', full: 'encrypted (vault)' };
  const full = typeof v === 'string' ? v : v instanceof PyNumber ? v.text : Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : compactJson(v);
  const oneLine = full.replace(/\s*\n\s*/g, ' ⏎ ');
  return { short: oneLine.length > SHORT ? `${oneLine.slice(0, SHORT - 1)}…` : oneLine, full };
}
