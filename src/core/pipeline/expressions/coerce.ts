// Value semantics shared by operators and functions (modelled on GitHub Actions expressions):
// strings compare case-insensitively; mixed types compare as numbers; null/undefined act as null.

/** Falsy values: false, 0, -0, NaN, '' and null/undefined; everything else (including objects) is truthy. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  return true;
}

/** Number coercion for mixed-type comparisons: null → 0, booleans → 0/1, '' → 0, other text → Number(). */
export function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

/** How a value is written into a string: null → '', objects → JSON, numbers without trailing zeros. */
export function toDisplayString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function norm(v: unknown): unknown {
  return v === undefined ? null : v;
}

/** `==`: same type compares directly (strings ignoring case); objects by identity; otherwise as numbers. */
export function looseEquals(a: unknown, b: unknown): boolean {
  a = norm(a);
  b = norm(b);
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a === null || b === null) return a === b;
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

/** Ordering for `< <= > >=`: strings ignoring case when both are strings, otherwise numbers (NaN → false). */
export function compare(a: unknown, b: unknown): number {
  a = norm(a);
  b = norm(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return x - y;
}
