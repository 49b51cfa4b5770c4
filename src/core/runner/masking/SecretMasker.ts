// Masks every secret value (and its base64 forms) in text with ONE precompiled regular expression,
// built once per run. Streams keep back only the tail that could still be the start of a secret, so
// a value split across chunk boundaries is masked too, and ordinary output is not delayed.

/** What replaces a masked value. */
export const MASK = '***';

/** Secrets shorter than this are not masked: masking `a` would destroy every line of output. */
export const MIN_SECRET_LENGTH = 3;

/** Base64 fragments shorter than this are ignored: short cores match unrelated base64 text. */
const MIN_BASE64_CORE = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The base64 text that appears whenever `value` is encoded as part of a longer buffer, for each of
 * the three byte alignments: characters influenced by neighbouring bytes are trimmed off.
 */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>();
  const whole = bytes.toString('base64');
  forms.add(whole);
  forms.add(whole.replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset++) {
    // Encode with `offset` leading filler bytes, then drop every character that depends on a filler
    // byte or on whatever follows the value.
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const enc = padded.toString('base64').replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor((padded.length * 8) / 6);
    const core = enc.slice(start, end);
    if (core.length >= MIN_BASE64_CORE) forms.add(core);
  }
  return [...forms].filter((f) => f.length >= MIN_BASE64_CORE || f === whole);
}

/** Every pattern masked for one secret value: the value, each of its lines, and base64 forms. */
export function maskPatterns(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const out = new Set<string>([value]);
  // A multi-line secret (a PEM key) often reaches output one line at a time.
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= MIN_SECRET_LENGTH) out.add(line);
  for (const b of base64Forms(value)) out.add(b);
  return [...out];
}

/**
 * One compiled matcher for a set of secret values. Use {@link SecretMasker.mask} for whole strings
 * and {@link SecretMasker.stream} for chunked output.
 *
 * @example
 * const masker = new SecretMasker(['hunter2']);
 * const s = masker.stream();
 * s.push('pass: hun') + s.push('ter2\n') + s.end(); // 'pass: ***\n'
 */
export class SecretMasker {
  private readonly regex: RegExp | undefined;
  /** Every proper prefix of every pattern, to decide how much of a chunk's tail to hold back. */
  private readonly prefixes = new Set<string>();
  /** Length of the longest pattern; a held-back tail is always shorter than this. */
  readonly maxLength: number;

  constructor(values: Iterable<string>) {
    const patterns = new Set<string>();
    for (const v of values) for (const p of maskPatterns(v)) patterns.add(p);
    // Longest first so that at one position the longer secret wins over its own prefix.
    const sorted = [...patterns].sort((a, b) => b.length - a.length);
    this.maxLength = sorted[0]?.length ?? 0;
    this.regex = sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : undefined;
    for (const p of sorted) for (let i = 1; i < p.length; i++) this.prefixes.add(p.slice(0, i));
  }

  /** True when there is nothing to mask. */
  get empty(): boolean {
    return this.regex === undefined;
  }

  /** Masks a complete string. */
  mask(text: string): string {
    if (!this.regex || text.length < MIN_SECRET_LENGTH) return text;
    this.regex.lastIndex = 0;
    return text.replace(this.regex, MASK);
  }

  /** Masks every string inside a JSON-like value. */
  maskDeep<T>(value: T): T {
    if (!this.regex) return value;
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.maskDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.maskDeep(v);
      return out as T;
    }
    return value;
  }

  /**
   * Length of the longest suffix of `text` that is a proper prefix of some pattern: that much must
   * wait for the next chunk before it can be emitted.
   */
  private heldTail(text: string): number {
    const from = Math.max(0, text.length - (this.maxLength - 1));
    for (let i = from; i < text.length; i++) {
      if (this.prefixes.has(text.slice(i))) return text.length - i;
    }
    return 0;
  }

  /** A stateful masker for one output stream (stdout or stderr of one step). */
  stream(): MaskingStream {
    return new MaskingStream(this);
  }

  /** @internal Masks `text` and splits off the tail that may continue in the next chunk. */
  split(text: string): { ready: string; held: string } {
    if (!this.regex) return { ready: text, held: '' };
    const re = this.regex;
    re.lastIndex = 0;
    let out = '';
    let last = 0;
    // A match starting at or after `safe` might be the shorter of two secrets sharing a prefix,
    // with the longer one still arriving, so matching stops there and that part is held back.
    const safe = text.length - (this.maxLength - 1);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m.index >= safe) {
        // An earlier position may start a longer pattern whose end has not arrived yet.
        const rest = text.slice(last);
        const holdFrom = Math.min(m.index, text.length - this.heldTail(rest));
        return { ready: out + text.slice(last, holdFrom), held: text.slice(holdFrom) };
      }
      out += text.slice(last, m.index) + MASK;
      last = m.index + m[0].length;
    }
    // The rest holds no complete match; only a suffix that is a real prefix of a pattern must wait.
    const rest = text.slice(last);
    const hold = this.heldTail(rest);
    return { ready: out + rest.slice(0, rest.length - hold), held: rest.slice(rest.length - hold) };
  }
}

/** Masks one stream chunk by chunk; call {@link MaskingStream.end} to release the held tail. */
export class MaskingStream {
  private pending = '';

  constructor(private readonly masker: SecretMasker) {}

  /** Returns the masked text that is safe to emit now (possibly empty). */
  push(chunk: string): string {
    if (this.masker.empty) return chunk;
    const { ready, held } = this.masker.split(this.pending + chunk);
    this.pending = held;
    return ready;
  }

  /** True when some text is held back waiting for the next chunk. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Flushes the held tail at the end of the stream (masking it as a whole). */
  end(): string {
    const rest = this.masker.mask(this.pending);
    this.pending = '';
    return rest;
  }
}
