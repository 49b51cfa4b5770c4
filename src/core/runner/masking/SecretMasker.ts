// Masks every secret value (and its encoded forms, see secretForms.ts) in text with one automaton
// built once per run, in time linear in the text whatever the secrets' lengths. Every character
// that is part of any occurrence is hidden: overlapping occurrences become one mask. Streams keep
// back only the tail that could still be the start of a secret, so a value split across chunk
// boundaries is masked too, and ordinary output is not delayed.
import { gramHash, PatternAutomaton } from './PatternAutomaton.js';
import { maskPatterns } from './secretForms.js';

export { base64Forms, ENCODED_MIN_SECRET_BYTES, MIN_SECRET_LENGTH } from './secretForms.js';

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

  constructor(values: Iterable<string>) {
    const patterns = new Set<string>();
    for (const v of values) for (const p of maskPatterns(v)) patterns.add(p);
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
    const s = new MaskingStream(this);
    return s.push(text) + s.end();
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

  /** A stateful masker for one output stream (stdout or stderr of one step). */
  stream(): MaskingStream {
    return new MaskingStream(this);
  }
}

/** Held tails up to this many characters are copied out of their chunk (see keepOnlyTail). */
const TAIL_COPY_LIMIT = 4096;

/** Masks one stream chunk by chunk; call {@link MaskingStream.end} to release the held tail. */
export class MaskingStream {
  private readonly a: PatternAutomaton | undefined;
  /** Automaton state after everything pushed so far. */
  private state = 0;
  /** Characters pushed so far (absolute positions below count from the stream's start). */
  private pos = 0;
  /** Everything before this position has been written out (or hidden by a mask already written). */
  private emitted = 0;
  /** Pushed text not yet written out, oldest first, starting at `textBase`. */
  private texts: string[] = [];
  private textHead = 0;
  private textBase = 0;
  /** Disjoint covered ranges [start, end) not yet fully written, oldest first. */
  private runStart: number[] = [];
  private runEnd: number[] = [];
  private runHead = 0;
  /** The oldest run's mask is already written (it started before the safe point). */
  private frontWritten = false;

  constructor(masker: SecretMasker) {
    this.a = masker.automaton;
  }

  /** Returns the masked text that is safe to emit now (possibly empty). */
  push(chunk: string): string {
    const a = this.a;
    if (!a || !chunk) return chunk;
    const base = this.pos;
    const n = chunk.length;
    const skip = a.skip;
    const w = a.window;
    let s = this.state;
    if (!skip || n < 4 * w) s = this.walk(chunk, 0, n, s, Infinity, base);
    else {
      // Finish what the last chunk left in progress, until the state no longer reaches before this chunk.
      let i = 0;
      if (s !== 0) {
        s = this.walk(chunk, 0, n, s, 0, base);
        i = this.at;
      }
      if (i < n) {
        // Skip over text where no pattern can start; walk the automaton from each possible start.
        let p = i - a.depth[s]! + w - 1;
        let walked = false;
        for (;;) {
          let h = 0;
          while (p < n) {
            h = gramHash(chunk, p);
            const shift = skip[h]!;
            if (shift === 0) break;
            p += shift;
          }
          if (p >= n) break;
          const x = p - w + 1;
          // A possible start: compare the patterns that fit in the chunk in place; walk the
          // automaton only when one could continue past the chunk's end.
          const candidates = a.candidates;
          let end = 0;
          let fits = true;
          for (let j = a.candidateAt[h]!, last = a.candidateAt[h + 1]!; j < last; j++) {
            const pattern = candidates[j]!;
            if (x + pattern.length > n) {
              fits = false;
              break;
            }
            if (x + pattern.length > end && chunk.startsWith(pattern, x)) end = x + pattern.length;
          }
          if (fits) {
            // A match ending where the automaton already reported everything is covered already.
            if (end !== 0 && base + end > this.scanned) this.cover(base + x, base + end);
            p++;
            continue;
          }
          s = this.walk(chunk, x, n, 0, x, base);
          if (this.at >= n) {
            walked = true;
            break;
          }
          p = this.at - a.depth[s]! + w - 1;
        }
        // The end of the chunk: the state must be right for the next one.
        if (!walked) s = this.walk(chunk, p - w + 1, n, 0, Infinity, base);
      }
    }
    this.state = s;
    this.pos = base + n;
    // Fast path: nothing held, nothing covered: the chunk goes out as it is.
    if (s === 0 && this.runHead === this.runStart.length && this.emitted === base) {
      this.emitted = this.pos;
      this.textBase = this.pos;
      return chunk;
    }
    this.texts.push(chunk);
    // A match still to come starts inside the text the current state stands for, never before it.
    const out = this.release(this.pos - a.depth[s]!);
    this.keepOnlyTail();
    return out;
  }

  /**
   * Holds a short unwritten tail as its own copy rather than as a view of the whole chunk: the chunk
   * would otherwise stay alive until the next push and survive a garbage collection with it.
   */
  private keepOnlyTail(): void {
    if (this.textHead !== this.texts.length - 1) return;
    const t = this.texts[this.textHead]!;
    const from = this.emitted - this.textBase;
    if (from <= 0 || t.length - from > TAIL_COPY_LIMIT) return;
    this.texts[this.textHead] = JSON.parse(JSON.stringify(t.slice(from))) as string;
    this.textBase = this.emitted;
  }

  /** Where the last {@link walk} stopped (index into its chunk). */
  private at = 0;
  /** Matches ending at or before this position were already recorded (a walk may re-read text). */
  private reported = 0;
  /** Every match ending at or before this position has been recorded by a walk. */
  private scanned = 0;

  /**
   * Runs the automaton over chunk[from, to) from state `s`, recording covered ranges; stops early
   * once the state no longer reaches back to index `x` (pass Infinity to run to `to`).
   */
  private walk(chunk: string, from: number, to: number, s: number, x: number, base: number): number {
    const { rootNext, firstChild, nextSibling, label, fail, matches, matchLengths, classOf, rows, classes, depth } = this.a!;
    let i = from;
    while (i < to) {
      const c = chunk.charCodeAt(i++);
      const cls = classOf[c]!;
      if (cls === 0) s = 0;
      else {
        for (;;) {
          if (s === 0) {
            s = rootNext[c]!;
            break;
          }
          let k = firstChild[s]!;
          if (k < 0) k = rows[(-k - 1) * classes + cls]!;
          else while (k !== 0 && label[k] !== c) k = nextSibling[k]!;
          if (k !== 0) {
            s = k;
            break;
          }
          s = fail[s]!;
        }
        if (matches[s] !== 0 && base + i > this.reported) {
          this.cover(base + i - matchLengths.get(s)!, base + i);
          this.reported = base + i;
        }
      }
      if (depth[s]! < i - x) break;
    }
    this.at = i;
    this.scanned = Math.max(this.scanned, base + i);
    return s;
  }

  /** Flushes the held tail at the end of the stream. */
  end(): string {
    if (!this.a) return '';
    const out = this.release(this.pos);
    this.state = 0;
    return out;
  }

  /**
   * Adds a covered range. Ranges arrive by increasing end (from walks) or increasing start (from
   * in-place checks after the last walk), so only the newest ones can overlap it.
   */
  private cover(start: number, end: number): void {
    let merged = start;
    let written = false;
    while (this.runStart.length > this.runHead && this.runEnd[this.runEnd.length - 1]! > start) {
      merged = Math.min(merged, this.runStart.pop()!);
      end = Math.max(end, this.runEnd.pop()!);
      if (this.runStart.length === this.runHead && this.frontWritten) written = true;
    }
    if (this.runStart.length === this.runHead) this.frontWritten = written;
    this.runStart.push(merged);
    this.runEnd.push(end);
  }

  /** Writes out everything before `safe`: plain text as is, each covered range as one mask. */
  private release(safe: number): string {
    // Pieces joined once: a flat string costs less downstream than a long chain of concatenations.
    const out: string[] = [];
    if (this.textHead === this.texts.length - 1) this.releaseWithinText(safe, out);
    while (this.runHead < this.runStart.length && this.runStart[this.runHead]! < safe) {
      const start = this.runStart[this.runHead]!;
      const end = this.runEnd[this.runHead]!;
      if (!this.frontWritten) {
        this.take(start, out);
        out.push(MASK);
        this.frontWritten = true;
      }
      this.skipTo(end);
      if (end > safe) break;
      this.runHead++;
      this.frontWritten = false;
    }
    if (this.runHead === this.runStart.length) {
      this.runStart.length = this.runEnd.length = this.runHead = 0;
    } else if (this.runHead > 1024 && this.runHead * 2 > this.runStart.length) {
      this.runStart.splice(0, this.runHead);
      this.runEnd.splice(0, this.runHead);
      this.runHead = 0;
    }
    if (this.emitted < safe) this.take(safe, out);
    return out.length === 1 ? out[0]! : out.join('');
  }

  /**
   * The common case of {@link release}, for a chunk with a secret on every line: runs that end
   * inside the one text held are written as slices of it, without the general bookkeeping per run.
   * Stops at the first run it cannot finish that way, for the general loop.
   */
  private releaseWithinText(safe: number, out: string[]): void {
    const t = this.texts[this.textHead]!;
    const base = this.textBase;
    const textEnd = base + t.length;
    const { runStart, runEnd } = this;
    let emitted = this.emitted;
    for (; this.runHead < runStart.length; this.runHead++) {
      const start = runStart[this.runHead]!;
      const end = runEnd[this.runHead]!;
      if (start >= safe || end >= textEnd) break;
      if (!this.frontWritten) {
        if (emitted < start) out.push(t.slice(emitted - base, start - base));
        out.push(MASK);
      }
      if (end > emitted) emitted = end;
      if (end > safe) {
        this.frontWritten = true;
        break;
      }
      this.frontWritten = false;
    }
    this.emitted = emitted;
  }

  /** Appends the text from `emitted` up to `to` to `out` and moves `emitted` there. */
  private take(to: number, out: string[]): void {
    while (this.emitted < to) {
      const t = this.texts[this.textHead]!;
      const from = this.emitted - this.textBase;
      const until = Math.min(t.length, to - this.textBase);
      out.push(from === 0 && until === t.length ? t : t.slice(from, until));
      this.emitted = this.textBase + until;
      if (until === t.length) this.dropText();
    }
  }

  /** Moves `emitted` to `to` without writing (the text there is covered by a mask). */
  private skipTo(to: number): void {
    if (to <= this.emitted) return;
    this.emitted = to;
    while (this.textHead < this.texts.length && this.textBase + this.texts[this.textHead]!.length <= to) this.dropText();
  }

  private dropText(): void {
    this.textBase += this.texts[this.textHead]!.length;
    this.texts[this.textHead++] = '';
    if (this.textHead === this.texts.length) {
      this.texts.length = this.textHead = 0;
    } else if (this.textHead > 1024 && this.textHead * 2 > this.texts.length) {
      this.texts.splice(0, this.textHead);
      this.textHead = 0;
    }
  }
}
