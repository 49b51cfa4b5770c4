// Numbers whose JavaScript form would change what `ansible-inventory` prints: floats that Python writes
// differently (`1.0`, `1e+16`, `1e-07`, `-0.0`; JavaScript: `1`, `10000000000000000`, `1e-7`, `0`) and
// integers beyond 2^53, whose digits a double loses. Every other number, NaN and the infinities stay
// plain JavaScript numbers, so most values and their consumers are untouched.

/** A Python int or float kept with the text Python's `json.dumps` / `repr` gives it. */
export class PyNumber {
  private constructor(
    readonly kind: 'int' | 'float',
    /** The nearest double (exact for floats). */
    readonly value: number,
    /** Python's form: `repr(float)` or the int's decimal digits. */
    readonly text: string,
  ) {}

  /** A Python float: a PyNumber when Python prints it otherwise than JavaScript, else the number. */
  static float(x: number): number | PyNumber {
    if (!Number.isFinite(x)) return x;
    const text = pyFloatRepr(x);
    return text === JSON.stringify(x) ? x : new PyNumber('float', x, text);
  }

  /** A Python int: a PyNumber beyond JavaScript's safe integers, else the number. */
  static int(n: bigint): number | PyNumber {
    const x = Number(n);
    return Number.isSafeInteger(x) ? x : new PyNumber('int', x, n.toString());
  }

  /** `-v` as Python computes it. */
  static negate(v: number | PyNumber): number | PyNumber {
    if (typeof v === 'number') return -v;
    return v.kind === 'int' ? PyNumber.int(-BigInt(v.text)) : PyNumber.float(-v.value);
  }

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return this.text;
  }

  /** Plain JSON writers see the double; writers that print like Python use {@link text}. */
  toJSON(): number {
    return this.value;
  }
}

/** Python's `repr(float)` for a finite double: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without digits gives the shortest digits that read back as the same double.
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}
