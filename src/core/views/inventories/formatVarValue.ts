// How a variable's value reads in one tree row: strings as written, other values as compact JSON,
// vault values as a fixed word (the ciphertext is never shown, let alone decrypted).
import { isVaultValue } from '../../clients/ansible/inventory/parseYamlInventory.js';
import type { JsonValue } from '../../clients/ansible/inventory/pythonLiteral.js';

const SHORT = 80;

/** `short` for the row's description, `full` for its tooltip. */
export function formatVarValue(v: JsonValue): { short: string; full: string } {
  if (isVaultValue(v)) return { short: 'encrypted (vault)', full: 'encrypted (vault)' };
  const full = typeof v === 'string' ? v : Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : JSON.stringify(v, (_k, x) => (isVaultValue(x) ? 'encrypted (vault)' : x));
  const oneLine = full.replace(/\s*\n\s*/g, ' ⏎ ');
  return { short: oneLine.length > SHORT ? `${oneLine.slice(0, SHORT - 1)}…` : oneLine, full };
}
