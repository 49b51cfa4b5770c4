// Masks one output stream as bytes, read by read, in place: the masked bytes are written over the
// read they came from (a mask is never longer than what it hides), so output goes from the pipe to
// the log file with no decoding, no encoding and no copy. Only a tail that could still be the start
// of a secret is kept back, copied into a window of its own, and the next read is appended to it.
import { LONG_PREFIX_END, PATTERN_END, TRIE_DEPTH, WORD_COMPARE_LIMIT, gramHashAt, type PatternAutomaton } from './PatternAutomaton.js';
import { StringDecoder } from 'node:string_decoder';
import { RangeQueue } from './RangeQueue.js';

/** The mask's bytes (`***`). */
const STAR = 0x2a;
const MASK_BYTES = 3;
/** Candidates up to this long are compared in JS (four bytes at a time at a skip hit); longer ones with a native compare. */
const JS_COMPARE_LIMIT = WORD_COMPARE_LIMIT;
const EMPTY = Buffer.alloc(0);
/** Reads with at least this many bytes left to skip over are scanned as two interleaved halves. */
const LANES_MIN_BYTES = 512;

/**
 * Masks one stream chunk by chunk; call {@link ByteMaskingStream.end} to release the held tail.
 * Each returned view is valid until the next call.
 */
export class ByteMaskingStream {
  /** Automaton state after everything pushed so far. */
  private state = 0;
  /** Bytes pushed so far (absolute positions below count from the stream's start). */
  private pos = 0;
  /** Everything before this position has been written out (or hidden by a mask already written). */
  private emitted = 0;
  /** Held bytes [emitted, pos) live in `window` from `windowStart`. */
  private window: Buffer = EMPTY;
  private windowStart = 0;
  /** Disjoint covered ranges [start, end) not yet fully written, oldest first. */
  private readonly runs = new RangeQueue();
  /** The oldest run's mask is already written (it started before the safe point). */
  private frontWritten = false;
  /** Matches found by the second of two interleaved scans, recorded once the first is done (see twoLanes). */
  private readonly lanes = new RangeQueue();
  /**
   * For each of the automaton's long patterns (see TRIE_DEPTH): how many of its bytes end the text
   * pushed so far, while that is at least TRIE_DEPTH (a KMP state), else 0; those non-zero are in
   * {@link active}. An active pattern is fed every byte, so no skipping while any is active.
   */
  private readonly kmp: Int32Array;
  private readonly active: number[] = [];
  /** Long-pattern starts found by a walk up to this position were already handled (walks may re-read text). */
  private longReported = 0;
  /** Where the last {@link walk} stopped (index into its buffer). */
  private at = 0;
  /** Matches ending at or before this position were already recorded (a walk may re-read text). */
  private reported = 0;
  /** Every match ending at or before this position has been recorded by a walk. */
  private scanned = 0;
  /**
   * Re-encodes input as valid UTF-8 first, for a secret set holding U+FFFD: such a secret came from
   * bytes that were not UTF-8, and only the decoded output can still match it.
   */
  private readonly decoder: StringDecoder | undefined;

  constructor(
    private readonly a: PatternAutomaton | undefined,
    normaliseUtf8 = false,
  ) {
    this.decoder = normaliseUtf8 && a ? new StringDecoder('utf8') : undefined;
    this.kmp = new Int32Array(a?.longPatterns.length ?? 0);
  }

  /**
   * Masks `chunk` and returns what is safe to write now (possibly empty). The chunk's bytes may be
   * overwritten: pass a buffer nobody reads after this call.
   */
  push(chunk: Buffer): Buffer {
    const a = this.a;
    if (!a || !chunk.length) return chunk;
    if (this.decoder) chunk = Buffer.from(this.decoder.write(chunk), 'utf8');
    let buf: Buffer;
    let from: number;
    if (this.emitted === this.pos) {
      // Nothing held: mask the read where it is.
      buf = chunk;
      from = 0;
    } else {
      from = this.append(chunk);
      buf = this.window;
    }
    const n = from + chunk.length;
    const base = this.pos - from;
    this.state = this.scan(buf, from, n, base);
    this.pos = base + n;
    // Fast path: nothing held, nothing covered: the read goes out as it is.
    if (buf === chunk && this.state === 0 && this.runs.head === this.runs.tail && !this.active.length) {
      this.emitted = this.pos;
      return chunk;
    }
    const outStart = this.emitted - base;
    let reach = a.depth[this.state]!;
    for (const k of this.active) reach = Math.max(reach, this.kmp[k]!);
    const outEnd = this.release(buf, base, this.pos - reach);
    this.hold(buf, base, n);
    return buf.subarray(outStart, outEnd);
  }

  /** Flushes the held tail at the end of the stream. */
  end(): Buffer {
    if (!this.a) return EMPTY;
    let out: Buffer = EMPTY;
    if (this.decoder) {
      const rest = this.decoder.end();
      if (rest) out = Buffer.from(this.push(Buffer.from(rest, 'utf8')));
    }
    const base = this.emitted - this.windowStart;
    // Long patterns still incomplete cannot occur any more.
    for (const k of this.active) this.kmp[k] = 0;
    this.active.length = 0;
    const outEnd = this.release(this.window, base, this.pos);
    const last = this.window.subarray(this.windowStart, outEnd);
    this.state = 0;
    this.window = EMPTY;
    this.windowStart = 0;
    return out.length ? Buffer.concat([out, last]) : last;
  }

  /** Appends a read to the held bytes; returns its index in the window. */
  private append(chunk: Buffer): number {
    const held = this.pos - this.emitted;
    const need = held + chunk.length;
    if (this.windowStart + need > this.window.length) {
      // Doubling keeps a long held tail fed by small reads linear: each byte is moved a bounded number of times.
      const target = need * 2 > this.window.length ? Buffer.allocUnsafe(Math.max(need * 2, 4096)) : this.window;
      this.window.copy(target, 0, this.windowStart, this.windowStart + held);
      this.window = target;
      this.windowStart = 0;
    }
    this.window.set(chunk, this.windowStart + held);
    return this.windowStart + held;
  }

  /** Keeps the bytes [emitted, pos) of `buf` (indexes from `base`) in the window for the next push. */
  private hold(buf: Uint8Array, base: number, n: number): void {
    const from = this.emitted - base;
    if (buf === this.window) {
      this.windowStart = from;
      return;
    }
    const held = n - from;
    if (held <= 0) return;
    if (this.window.length < held) this.window = Buffer.allocUnsafe(Math.max(held * 2, 4096));
    this.window.set(buf.subarray(from, n), 0);
    this.windowStart = 0;
  }

  /** Runs the automaton over buf[from, n), recording covered ranges; returns the state at the end. */
  private scan(buf: Uint8Array, from: number, n: number, base: number): number {
    const a = this.a!;
    const skip = a.skip;
    const w = a.window;
    let s = this.state;
    if (!skip || n - from < 4 * w) return this.walk(buf, from, n, s, Infinity, base);
    // Finish what the last read left in progress, until the state no longer reaches before this one.
    let i = from;
    if (s !== 0 || this.active.length) {
      s = this.walk(buf, from, n, s, from, base);
      i = this.at;
    }
    if (i >= n) return s;
    const depth = a.depth;
    // Skip over bytes where no pattern can start; walk the automaton from each possible start.
    let p = i - depth[s]! + w - 1;
    if (n - p >= LANES_MIN_BYTES) p = this.twoLanes(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), p, n, base);
    for (;;) {
      let h = 0;
      while (p < n) {
        h = gramHashAt(buf, p);
        const shift = skip[h]!;
        if (shift === 0) break;
        p += shift;
      }
      if (p >= n) break;
      const x = p - w + 1;
      // A possible start: compare the patterns that fit in the read in place; walk the automaton
      // only when one could continue past the read's end.
      const end = this.matchAt(buf, x, h, n);
      if (end >= 0) {
        // A match ending where the automaton already reported everything is covered already.
        if (end !== 0 && base + end > this.scanned) this.cover(base + x, base + end);
        p++;
        continue;
      }
      s = this.walk(buf, x, n, 0, x, base);
      if (this.at >= n) return s;
      p = this.at - depth[s]! + w - 1;
    }
    // The end of the read: the state must be right for the next one.
    return this.walk(buf, p - w + 1, n, 0, Infinity, base);
  }

  /**
   * The skip loop is one chain of dependent loads (bytes, hash, table, next position), so a core
   * mostly waits on it. Two independent scans, over the first and the second half of the possible
   * starts, run interleaved and overlap their waits. The first half records its matches at once;
   * the second half's wait in {@link lanes} and follow them (ranges must arrive
   * in order). Returns where the one-lane scan goes on: the second lane's position, or the first
   * lane's when it met a pattern running past the read's end (then the second lane's finds are
   * dropped and that half is scanned again).
   */
  private twoLanes(buf: Uint8Array, dv: DataView, p: number, n: number, base: number): number {
    const a = this.a!;
    const skip = a.skip!;
    const w = a.window;
    const { candidateAt, candidates, candidateWords } = a;
    // Lane one checks starts below `mid`, i.e. window ends below `pEnd`; lane two the rest.
    const mid = p - w + 1 + ((n - p) >> 1);
    const pEnd = mid + w - 1;
    let q = pEnd;
    const lanes = this.lanes;
    lanes.clear();
    let twoRuns = true;
    while (p < pEnd) {
      const h = gramHashAt(buf, p);
      const shift = skip[h]!;
      if (twoRuns) {
        const g = gramHashAt(buf, q);
        const other = skip[g]!;
        if (other !== 0) q += other;
        else {
          const j = candidateAt[g]!;
          const only = candidateAt[g + 1] === j + 1 ? candidates[j]! : undefined;
          const end = only !== undefined && only.length <= JS_COMPARE_LIMIT && q - w + 1 + only.length <= n ? shortMatch(buf, dv, q - w + 1, only, candidateWords[j]!) : this.matchAt(buf, q - w + 1, g, n);
          if (end < 0) twoRuns = false;
          else {
            if (end !== 0) lanes.push(q - w + 1, end);
            q++;
          }
        }
        if (q >= n) twoRuns = false;
      }
      if (shift !== 0) {
        p += shift;
        continue;
      }
      const x = p - w + 1;
      const j = candidateAt[h]!;
      const only = candidateAt[h + 1] === j + 1 ? candidates[j]! : undefined;
      const end = only !== undefined && only.length <= JS_COMPARE_LIMIT && x + only.length <= n ? shortMatch(buf, dv, x, only, candidateWords[j]!) : this.matchAt(buf, x, h, n);
      if (end < 0) return p;
      if (end !== 0 && base + end > this.scanned) this.cover(base + x, base + end);
      p++;
    }
    for (let k = lanes.head; k < lanes.tail; k++) if (base + lanes.end[k]! > this.scanned) this.cover(base + lanes.start[k]!, base + lanes.end[k]!);
    return q;
  }

  /**
   * Compares in place the patterns whose first window ends in `h` at `x`: the end of the longest
   * that occurs there, 0 when none does, -1 when one runs past the read's end (walk instead).
   */
  private matchAt(buf: Uint8Array, x: number, h: number, n: number): number {
    const { candidateAt, candidates } = this.a!;
    let end = 0;
    for (let j = candidateAt[h]!, last = candidateAt[h + 1]!; j < last; j++) {
      const pattern = candidates[j]!;
      const len = pattern.length;
      if (x + len > n) return -1;
      if (x + len > end && equalAt(buf, x, pattern)) end = x + len;
    }
    return end;
  }

  /**
   * Runs the automaton over buf[from, to) from state `s`, recording covered ranges; stops early
   * once the state no longer reaches back to index `x` (pass Infinity to run to `to`).
   */
  private walk(buf: Uint8Array, from: number, to: number, s: number, x: number, base: number): number {
    const { rootNext, firstChild, nextSibling, label, fail, matches, matchLengths, classOf, rows, classes, depth } = this.a!;
    let i = from;
    while (i < to) {
      const c = buf[i++]!;
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
        const m = matches[s]!;
        if (m !== 0) {
          if ((m & PATTERN_END) !== 0 && base + i > this.reported) {
            this.cover(base + i - matchLengths.get(s)!, base + i);
            this.reported = base + i;
          }
          if ((m & LONG_PREFIX_END) !== 0 && base + i > this.longReported) {
            this.longReported = base + i;
            for (const k of this.a!.longAt.get(s)!) {
              if (this.kmp[k] !== 0) continue;
              // Started at TRIE_DEPTH; this byte is the last of those, so it is not fed again below.
              this.kmp[k] = -TRIE_DEPTH;
              this.active.push(k);
            }
          }
        }
      }
      if (this.active.length) this.feedLong(c, base + i);
      else if (depth[s]! < i - x) break;
    }
    this.at = i;
    this.scanned = Math.max(this.scanned, base + i);
    return s;
  }

  /**
   * Feeds the byte before `at` to each active long pattern's KMP matcher: a whole pattern found is
   * covered; one whose matched part falls below TRIE_DEPTH stops (the trie finds it again).
   */
  private feedLong(c: number, at: number): void {
    const { longPatterns, longBorders } = this.a!;
    const { kmp, active } = this;
    let kept = 0;
    for (let a = 0; a < active.length; a++) {
      const k = active[a]!;
      let j = kmp[k]!;
      if (j < 0) j = -j; // just started: its first TRIE_DEPTH bytes include this one
      else {
        const pattern = longPatterns[k]!;
        const f = longBorders[k]!;
        while (j > 0 && pattern[j] !== c) j = f[j]!;
        if (pattern[j] === c) j++;
        if (j === pattern.length) {
          this.cover(at - j, at);
          j = f[j]!;
        }
      }
      if (j >= TRIE_DEPTH) {
        kmp[k] = j;
        active[kept++] = k;
      } else kmp[k] = 0;
    }
    // Setting an array's length is a runtime call: only when a pattern dropped out (not once a byte).
    if (kept !== active.length) active.length = kept;
  }

  /**
   * Adds a covered range. Ranges arrive by increasing end (from walks), by increasing start (from
   * in-place checks after the last walk), so only the newest ones can overlap it.
   */
  private cover(start: number, end: number): void {
    const runs = this.runs;
    let merged = start;
    let written = false;
    while (runs.tail > runs.head && runs.end[runs.tail - 1]! > start) {
      runs.tail--;
      merged = Math.min(merged, runs.start[runs.tail]!);
      end = Math.max(end, runs.end[runs.tail]!);
      if (runs.tail === runs.head && this.frontWritten) written = true;
    }
    if (runs.tail === runs.head) this.frontWritten = written;
    runs.push(merged, end);
  }

  /**
   * Writes out everything before `safe` over the same buffer, from index `emitted - base` on: plain
   * bytes moved left as far as earlier masks shortened the text, each covered range as one mask.
   * Returns the index where the output ends; `emitted` moves past what was written or hidden.
   */
  private release(buf: Uint8Array, base: number, safe: number): number {
    const runs = this.runs;
    let out = this.emitted - base;
    let read = this.emitted;
    while (runs.head < runs.tail && runs.start[runs.head]! < safe) {
      const start = runs.start[runs.head]!;
      const end = runs.end[runs.head]!;
      if (!this.frontWritten) {
        if (start > read) out = moveLeft(buf, read - base, start - base, out);
        buf[out] = STAR;
        buf[out + 1] = STAR;
        buf[out + 2] = STAR;
        out += MASK_BYTES;
        this.frontWritten = true;
      }
      if (end > read) read = end;
      if (end > safe) break;
      runs.head++;
      this.frontWritten = false;
    }
    if (runs.head === runs.tail) runs.clear();
    if (read < safe) {
      out = moveLeft(buf, read - base, safe - base, out);
      read = safe;
    }
    this.emitted = read;
    return out;
  }
}

/** Moves buf[from, to) to `at` (at ≤ from); returns the index after it. */
function moveLeft(buf: Uint8Array, from: number, to: number, at: number): number {
  if (at !== from) {
    if (to - from < 64) for (let i = from; i < to; i++) buf[at + i - from] = buf[i]!;
    else buf.copyWithin(at, from, to);
  }
  return at + to - from;
}

/**
 * The end of `pattern` when it occurs in `buf` (viewed by `dv`) at `x`, else 0 (the caller checked
 * it fits and is short): four bytes per compare through its `words`, then the last few one by one.
 */
function shortMatch(buf: Uint8Array, dv: DataView, x: number, pattern: Uint8Array, words: Int32Array): number {
  const len = pattern.length;
  for (let k = 0; k < words.length; k++) if (dv.getInt32(x + 4 * k, true) !== words[k]) return 0;
  for (let k = words.length * 4; k < len; k++) if (buf[x + k] !== pattern[k]) return 0;
  return x + len;
}

/** Whether `pattern` occurs in `buf` at `x` (the caller checked it fits). */
function equalAt(buf: Uint8Array, x: number, pattern: Uint8Array): boolean {
  const len = pattern.length;
  if (len > JS_COMPARE_LIMIT) return Buffer.compare(buf.subarray(x, x + len), pattern) === 0;
  for (let k = 0; k < len; k++) if (buf[x + k] !== pattern[k]) return false;
  return true;
}
