// Masks every secret value (and its encoded forms, see secretForms.ts) with one automaton over
// their UTF-8 bytes, built once per run, in time linear in the output whatever the secrets'
// lengths. Every byte that is part of any occurrence is hidden: overlapping occurrences become one
// mask. Streams keep back only the tail that could still be the start of a secret, so a value split
// across chunk boundaries is masked too, and ordinary output is not delayed. Process output is
// masked as bytes (ByteMaskingStream); text goes through the same automaton as its UTF-8 encoding.
import { StringDecoder } from 'node:string_decoder';
import { PatternAutomaton } from './PatternAutomaton.js';
import { ByteMaskingStream } from './ByteMaskingStream.js';
import { maskPatterns } from './secretForms.js';

export { base64Forms, ENCODED_MIN_SECRET_BYTES, MIN_SECRET_LENGTH } from './secretForms.js';
export type { ByteMaskingStream } from './ByteMaskingStream.js';

/** What replaces a masked value. */
export const MASK = '***';

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
  /** @internal */
  readonly automaton: PatternAutomaton | undefined;
  /** Length of the longest pattern; a held-back tail is always shorter than this. */
  readonly maxLength: number;

  /** A secret holds U+FFFD (it came from bytes that are not UTF-8): byte streams decode and re-encode first. */
  private readonly normaliseUtf8: boolean;

  constructor(values: Iterable<string>) {
    const patterns = new Set<string>();
    let replacement = false;
    for (const v of values) {
      for (const p of maskPatterns(v)) {
        // One latin1 character per UTF-8 byte: the automaton's alphabet.
        patterns.add(Buffer.from(p, 'utf8').toString('latin1'));
        if (p.includes('\uFFFD')) replacement = true;
      }
    }
    this.normaliseUtf8 = replacement;
    this.automaton = patterns.size ? new PatternAutomaton([...patterns]) : undefined;
    this.maxLength = this.automaton?.maxLength ?? 0;
  }

  /** True when there is nothing to mask. */
  get empty(): boolean {
    return this.automaton === undefined;
  }

  /** Masks a complete string. */
  mask(text: string): string {
    if (!this.automaton || !text) return text;
    const s = this.byteStream();
    const input = Buffer.from(text, 'utf8');
    // The first output is a view of `input` (nothing was held before it), so end() leaves it intact.
    const first = s.push(input);
    const rest = s.end();
    if (first === input && !rest.length) return text;
    return (rest.length ? Buffer.concat([first, rest]) : first).toString('utf8');
  }

  /** Masks every string inside a JSON-like value, object keys included. */
  maskDeep<T>(value: T): T {
    if (!this.automaton) return value;
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.maskDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.mask(k)] = this.maskDeep(v);
      return out as T;
    }
    return value;
  }

  /** A stateful masker for one stream of text. */
  stream(): MaskingStream {
    return new MaskingStream(this);
  }

  /** A stateful masker for one stream of bytes (stdout or stderr of one step, as read). */
  byteStream(): ByteMaskingStream {
    return new ByteMaskingStream(this.automaton, this.normaliseUtf8);
  }
}

/**
 * Masks one stream of text chunk by chunk, through its UTF-8 bytes; call {@link MaskingStream.end}
 * to release the held tail.
 */
export class MaskingStream {
  private readonly bytes: ByteMaskingStream | undefined;
  private readonly decoder = new StringDecoder('utf8');
  /** A high surrogate ending the last chunk: its pair comes with the next one. */
  private pendingHigh = '';

  constructor(masker: SecretMasker) {
    this.bytes = masker.empty ? undefined : masker.byteStream();
  }

  /** Returns the masked text that is safe to emit now (possibly empty). */
  push(chunk: string): string {
    if (!this.bytes || !chunk) return chunk;
    let text = this.pendingHigh ? this.pendingHigh + chunk : chunk;
    this.pendingHigh = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingHigh = text.slice(-1);
      text = text.slice(0, -1);
      if (!text) return '';
    }
    return this.decoder.write(this.bytes.push(Buffer.from(text, 'utf8')));
  }

  /** Flushes the held tail at the end of the stream. */
  end(): string {
    if (!this.bytes) return '';
    let out = this.pendingHigh ? this.decoder.write(this.bytes.push(Buffer.from(this.pendingHigh, 'utf8'))) : '';
    this.pendingHigh = '';
    out += this.decoder.write(this.bytes.end());
    return out + this.decoder.end();
  }
}
