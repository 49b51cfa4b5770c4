// Reading a step's `with` map: camelCase keys, with the kebab-case / snake_case spellings
// Docker and Ansible users type (`skip-tags`, `extra_vars`) accepted as aliases.

/** Typed accessors over a `with` map. See {@link StepParamProblem} for how steps report bad values. */
export class WithParams {
  constructor(private readonly w: Record<string, unknown>) {}

  /** The raw value of `key` or one of its aliases. */
  get(key: string): unknown {
    if (key in this.w) return this.w[key];
    const kebab = key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    if (kebab in this.w) return this.w[kebab];
    const snake = kebab.replace(/-/g, '_');
    return this.w[snake];
  }

  /** A string value (numbers are stringified). */
  str(key: string): string | undefined {
    const v = this.get(key);
    return v === undefined || v === null ? undefined : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }

  /** A list of strings; a comma-separated string is split. */
  list(key: string): string[] | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map(String);
    return String(v)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** A boolean; the strings "true"/"false" count. */
  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v === 'true' || v === 'yes' || v === '1';
    return Boolean(v);
  }

  /** A finite number. */
  num(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === null || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }

  /** A plain object. */
  obj(key: string): Record<string, unknown> | undefined {
    const v = this.get(key);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  }
}
