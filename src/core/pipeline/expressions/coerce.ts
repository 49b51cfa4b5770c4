// Value semantics shared by operators and functions. Source of truth: GitHub Actions expressions
// (actions/runner Expressions2: EvaluationResult coercion, ExpressionUtility.ParseNumber, "G15"
// number formatting). Deliberate deviations are listed in docs/pipeline-format.md.

/** Falsy values: false, 0, -0, NaN, '' and null/undefined; everything else (including objects) is truthy. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  return true;
}

/** null, booleans, numbers and strings; objects and arrays are not. */
export function isPrimitive(v: unknown): boolean {
  return v === null || v === undefined || (typeof v !== 'object' && typeof v !== 'function');
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const OCTAL = /^0o[0-7]+$/;

// Hex and octal text is read as a 32-bit signed integer (so 0xFFFFFFFF is -1); longer is NaN.
function int32(digits: string, radix: number): number {
  const n = parseInt(digits, radix);
  return n > 0xffffffff ? NaN : n | 0;
}

/**
 * Text → number as GitHub reads it: trimmed; '' → 0; decimal with optional sign, point and
 * exponent; `0x…` hex and `0o…` octal; `Infinity`/`-Infinity`; anything else NaN.
 */
export function parseNumber(text: string): number {
  const s = text.trim();
  if (s === '') return 0;
  if (DECIMAL.test(s)) return Number(s);
  if (HEX.test(s)) return int32(s.slice(2), 16);
  if (OCTAL.test(s)) return int32(s.slice(2), 8);
  if (s === 'Infinity' || s === '+Infinity') return Infinity;
  if (s === '-Infinity') return -Infinity;
  return NaN;
}

/** Number coercion for mixed-type operands: null → 0, booleans → 0/1, text via {@link parseNumber}, objects NaN. */
export function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseNumber(v);
  return NaN;
}

/**
 * A number as GitHub writes it (.NET "G15"): at most 15 significant digits, scientific notation
 * (`1E+15`, `1E-05`) when the exponent is -5 or less, or 15 or more, and `Infinity`/`NaN` spelled out.
 */
export function formatNumber(n: number): string {
  // Common case first: small integers print the same in both notations.
  if (Number.isInteger(n) && n < 1e15 && n > -1e15) return n === 0 ? '0' : String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const [mant, expText] = Math.abs(n).toExponential(14).split('e') as [string, string];
  const exp = Number(expText);
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  const sign = n < 0 ? '-' : '';
  if (exp <= -5 || exp >= 15) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}E${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * How a value is written into a string: null → '', booleans → true/false, numbers as
 * {@link formatNumber}, objects and lists → compact JSON (GitHub writes `Object`/`Array`; see the docs).
 */
export function toDisplayString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// Ordinal-ignore-case as .NET does it: each UTF-16 unit upper-cased on its own (so 'ß' stays 'ß'
// rather than becoming 'SS'), and the dotless 'ı' kept as is.
function foldNonAscii(s: string): string {
  let out = '';
  for (const c of s) {
    const u = c.toUpperCase();
    out += u.length === c.length && c !== 'ı' ? u : c;
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** The case-folded form strings are compared by (upper case, per character). */
export function foldCase(s: string): string {
  return NON_ASCII.test(s) ? foldNonAscii(s) : s.toUpperCase();
}

function stringsEqual(a: string, b: string): boolean {
  return a === b || (a.length === b.length && foldCase(a) === foldCase(b));
}

/**
 * `==`: values of one kind compare directly (strings ignoring case, objects by identity); an object
 * never equals a value of another kind; other mixed kinds compare as numbers, and NaN equals nothing
 * (so `null == ''`, `'0x10' == 16` and `true == '1'` hold).
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  const ta = typeof a;
  if (ta === typeof b && ta !== 'object') return ta === 'string' ? stringsEqual(a as string, b as string) : a === b;
  if (a === null && b === null) return true;
  if ((ta === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return a === b;
  return toNumber(a) === toNumber(b);
}

/**
 * Ordering for `< <= > >=`: -1, 0 or 1, or NaN when the operands have no order (then every ordering
 * operator is false). Strings compare ignoring case, booleans as false < true, objects are only
 * equal to themselves, and mixed kinds compare as numbers.
 */
export function compare(a: unknown, b: unknown): number {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  const ta = typeof a;
  if (ta === 'string' && typeof b === 'string') {
    if (a === b) return 0;
    const x = foldCase(a as string);
    const y = foldCase(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if ((ta === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return a === b ? 0 : NaN;
  const x = toNumber(a);
  const y = toNumber(b);
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
}
