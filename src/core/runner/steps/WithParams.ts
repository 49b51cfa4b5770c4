// Reading a step's `with`: the one typed reader every step type uses. Values arrive as YAML wrote
// them or as `${{ }}` results (often text: `"false"`, `"90"`), so each accessor accepts the spellings
// the schema allows and turns anything else into an error that names the step and the key — instead
// of each step guessing (a shell step once read `strict: "false"` as strict). An empty text is what
// an optional param or secret without a value interpolates to, so it reads as "not given".
// Keys are camelCase; the kebab-case / snake_case spellings Docker and Ansible users type
// (`skip-tags`, `extra_vars`) are accepted as aliases.
import { ToolError } from '../../contracts/result.js';
import type { StepContext, StepParamProblem } from '../../contracts/StepType.js';
import { parseDuration } from '../../util/durations.js';

/** A `with` value of the wrong type or shape, found while a step runs. */
export class WithParamError extends ToolError {
  constructor(
    readonly key: string,
    readonly problem: string,
    readonly step: string | undefined,
  ) {
    super('invalid-input', `${step ? `step '${step}': ` : ''}with.${key}: ${problem}`);
    this.name = 'WithParamError';
  }
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** How a value is shown in a message: short, and never a whole script or map. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v && typeof v === 'object') return 'a map';
  return String(v);
}

/** The other spellings of each key asked for, worked out once: a step reads its optional keys every time it runs. */
const ALIASES = new Map<string, readonly string[]>();

/** `key`'s kebab-case, then snake_case spelling, those that differ from it. */
function aliasesOf(key: string): readonly string[] {
  let aliases = ALIASES.get(key);
  if (!aliases) {
    const kebab = key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    const snake = kebab.replace(/-/g, '_');
    aliases = [...new Set([kebab, snake])].filter((a) => a !== key);
    ALIASES.set(key, aliases);
  }
  return aliases;
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/**
 * Typed accessors over one step's `with`. {@link WithParams.of} (while running) throws a
 * {@link WithParamError} for a value of the wrong type; {@link WithParams.check} (validate,
 * describe, plans) collects it in {@link problems} and reads the value as absent.
 */
export class WithParams {
  /** Problems found so far (check mode only). */
  readonly problems: StepParamProblem[] = [];

  private constructor(
    private readonly w: Record<string, unknown>,
    private readonly step: string | undefined,
    private readonly collect: boolean,
    /** Where a nested map sits, e.g. `smtp.`, for messages. */
    private readonly prefix = '',
    problems?: StepParamProblem[],
  ) {
    if (problems) this.problems = problems;
  }

  /** A reader for a running step: wrong types throw, naming the step. */
  static of(ctx: Pick<StepContext, 'with'> & { stepId?: string }): WithParams {
    return new WithParams(ctx.with, ctx.stepId, false);
  }

  /** A reader that collects wrong types in {@link problems} (for validate) or ignores them (describe). */
  static check(w: Record<string, unknown>): WithParams {
    return new WithParams(w, undefined, true);
  }

  /** The raw value of `key` or one of its aliases. */
  get(key: string): unknown {
    if (Object.hasOwn(this.w, key)) return this.w[key];
    for (const alias of aliasesOf(key)) if (Object.hasOwn(this.w, alias)) return this.w[alias];
    return undefined;
  }

  /** True when `key` holds a value (not absent, null or empty text). */
  has(key: string): boolean {
    return !absent(this.get(key));
  }

  /** Records or throws a problem with `key`; reads as absent. */
  fail(key: string, problem: string): undefined {
    if (!this.collect) throw new WithParamError(this.prefix + key, problem, this.step);
    // A key read twice (by validate and by a shared options reader) is reported once.
    if (!this.problems.some((p) => p.key === this.prefix + key && p.message === problem)) this.problems.push({ key: this.prefix + key, message: problem });
    return undefined;
  }

  /** Adds an "is required" problem for each absent key (check mode), or throws for the first. */
  require(...keys: string[]): this {
    for (const k of keys) if (!this.has(k)) this.fail(k, 'is required');
    return this;
  }

  /** Text; numbers and booleans (`tag: 1.0`, `version: 2`) as written. */
  string(key: string): string | undefined {
    const v = this.get(key);
    if (absent(v)) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(key, `expected text, got ${shown(v)}`);
  }

  /** `true`/`false`, also as text from an expression (`"false"`, `"yes"`, `"0"`, any case). */
  bool(key: string): boolean | undefined;
  bool(key: string, otherwise: boolean): boolean;
  bool(key: string, otherwise?: boolean): boolean | undefined {
    const v = this.get(key);
    if (absent(v)) return otherwise;
    if (typeof v === 'boolean') return v;
    const s = typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'number' ? String(v) : undefined;
    if (s !== undefined && TRUE.has(s)) return true;
    if (s !== undefined && FALSE.has(s)) return false;
    return this.fail(key, `expected true or false, got ${shown(v)}`) ?? otherwise;
  }

  /** A finite number, also as text; `integer` and bounds are checked when given. */
  number(key: string, limits: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.get(key);
    if (absent(v)) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    const kind = limits.integer ? 'a whole number' : 'a number';
    const range = limits.min !== undefined && limits.max !== undefined ? ` from ${limits.min} to ${limits.max}` : limits.min !== undefined ? ` of at least ${limits.min}` : limits.max !== undefined ? ` of at most ${limits.max}` : '';
    if (!Number.isFinite(n) || (limits.integer && !Number.isInteger(n)) || (limits.min !== undefined && n < limits.min) || (limits.max !== undefined && n > limits.max)) {
      return this.fail(key, `expected ${kind}${range}, got ${shown(v)}`);
    }
    return n;
  }

  /** A duration in milliseconds: `500ms`, `90s`, `1h30m`, `1.5h`, or a number of seconds (the one parser, util/durations.ts). */
  duration(key: string): number | undefined {
    const v = this.get(key);
    if (absent(v)) return undefined;
    return parseDuration(v) ?? this.fail(key, `expected a duration such as 90s, 5m or 1h30m (or a number of seconds), got ${shown(v)}`);
  }

  /** {@link duration} in seconds. */
  seconds(key: string): number | undefined {
    const ms = this.duration(key);
    return ms === undefined ? undefined : ms / 1000;
  }

  /** One of `values`. */
  enum<T extends string>(key: string, values: readonly T[]): T | undefined {
    const s = this.string(key);
    if (s === undefined) return undefined;
    return values.includes(s as T) ? (s as T) : this.fail(key, `expected one of ${values.join(', ')}, got ${shown(s)}`);
  }

  /** A list of texts; a single text is a one-item list, or split at commas with `commas`. */
  list(key: string, options: { commas?: boolean } = {}): string[] | undefined {
    const v = this.get(key);
    if (absent(v)) return undefined;
    if (Array.isArray(v)) {
      const bad = v.find((x) => x === null || typeof x === 'object');
      return bad === undefined ? v.map(String) : this.fail(key, `expected a list of texts, got an item that is ${shown(bad)}`);
    }
    if (typeof v === 'string') return options.commas ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v];
    if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
    return this.fail(key, `expected a list, got ${shown(v)}`);
  }

  /** A map of names to texts (other values as JSON), such as env variables or labels. */
  map(key: string): Record<string, string> | undefined {
    const o = this.object(key);
    return o && Object.fromEntries(Object.entries(o).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
  }

  /** A reader over the map at `key` (e.g. `smtp`), naming its keys `smtp.host` in messages and sharing {@link problems}. */
  section(key: string): WithParams | undefined {
    const o = this.object(key);
    return o && new WithParams(o, this.step, this.collect, `${this.prefix}${key}.`, this.problems);
  }

  /** A map as written (values of any type). */
  object(key: string): Record<string, unknown> | undefined {
    const v = this.get(key);
    if (absent(v)) return undefined;
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    return this.fail(key, `expected a map, got ${shown(v)}`);
  }
}
