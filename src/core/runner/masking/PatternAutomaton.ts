// An Aho–Corasick automaton over bytes (the UTF-8 encoding of each pattern), stored in flat typed
// arrays, over the first TRIE_DEPTH bytes of each pattern; longer ones go on with a KMP table of
// their own (4 bytes per byte), so that secrets of hundreds of kilobytes (certificate bundles,
// kubeconfigs) cost little instead of a regular expression the engine refuses to compile. Bytes, not
// characters: output is masked as it is read from a pipe, with no decoding before and no encoding
// after. Scanning is linear in the text: each byte follows at most as many failure links as it
// advanced depth before. Patterns are given as latin1 strings, one character per byte.

/**
 * Patterns are in the trie up to this many bytes; a longer one is followed past them by a
 * Knuth–Morris–Pratt matcher of its own, started when the trie finds its first bytes (a 64 KiB
 * certificate bundle and its encoded forms would otherwise be ~700,000 states, built at every
 * run's start). No state is deeper than this, so a failure link never leads to a state where a
 * longer pattern's first bytes end.
 */
export const TRIE_DEPTH = 64;
/** {@link PatternAutomaton.matches} bits: a pattern ends here; the first {@link TRIE_DEPTH} bytes of longer ones end here. */
export const PATTERN_END = 1;
export const LONG_PREFIX_END = 2;

/** Bytes hashed to look up a skip distance. */
export const SKIP_GRAM = 4;
const MIN_WINDOW = 8;
const MAX_WINDOW = 64;
export const SKIP_HASH_MASK = (1 << 18) - 1;
/** Candidates up to this long are compared in JS, four bytes at a time; longer ones natively. */
export const WORD_COMPARE_LIMIT = 48;

/** Hash of the {@link SKIP_GRAM} bytes ending at `end` of a latin1 pattern: shifts and xors, no multiply chain on the scan's critical path. */
export function gramHash(text: string, end: number): number {
  return ((text.charCodeAt(end - 3) << 15) ^ (text.charCodeAt(end - 2) << 10) ^ (text.charCodeAt(end - 1) << 5) ^ text.charCodeAt(end)) & SKIP_HASH_MASK;
}

/** {@link gramHash} over bytes, the same value for the same bytes. */
export function gramHashAt(bytes: Uint8Array, end: number): number {
  return ((bytes[end - 3]! << 15) ^ (bytes[end - 2]! << 10) ^ (bytes[end - 1]! << 5) ^ bytes[end]!) & SKIP_HASH_MASK;
}

function skipTable(patterns: readonly string[], window: number): Uint8Array {
  const table = new Uint8Array(SKIP_HASH_MASK + 1).fill(window - SKIP_GRAM + 1);
  for (const p of patterns) {
    for (let j = SKIP_GRAM - 1; j < window; j++) {
      const h = gramHash(p, j);
      table[h] = Math.min(table[h]!, window - 1 - j);
    }
  }
  return table;
}

/**
 * Patterns grouped by the hash of their first window's last {@link SKIP_GRAM} characters (see
 * PatternAutomaton.candidateAt). Sorted by hash, so the 2^18 offsets are filled by a native `fill`
 * per distinct hash: a prefix sum over every entry ran at each run's start, before the JIT had
 * warmed up, and was most of this table's cost.
 */
function candidateTable(patterns: readonly string[], window: number): { at: Int32Array; list: Uint8Array[]; words: Int32Array[] } {
  const keyed = patterns.filter((p) => p.length).map((p) => ({ h: gramHash(p, window - 1), p }));
  keyed.sort((x, y) => x.h - y.h);
  // at[h] = how many patterns hash below h; those hashing to h are list[at[h]] up to list[at[h + 1]].
  const at = new Int32Array(SKIP_HASH_MASK + 2);
  let next = 0;
  for (let e = 0; e < keyed.length; e++) {
    const h = keyed[e]!.h;
    if (h < next) continue;
    at.fill(e, next, h + 1);
    next = h + 1;
  }
  at.fill(keyed.length, next);
  const list = keyed.map((k) => Buffer.from(k.p, 'latin1'));
  return { at, list, words: list.map(wordsOf) };
}

/**
 * A short pattern's whole 32-bit little-endian words, for comparing it four bytes at a time (longer
 * ones are compared natively: none).
 */
function wordsOf(pattern: Uint8Array): Int32Array {
  const words = new Int32Array(pattern.length <= WORD_COMPARE_LIMIT ? pattern.length >> 2 : 0);
  for (let k = 0; k < words.length; k++) words[k] = pattern[4 * k]! | (pattern[4 * k + 1]! << 8) | (pattern[4 * k + 2]! << 16) | (pattern[4 * k + 3]! << 24);
  return words;
}

/** Number of states of the trie over `patterns`, root included: sorted, each adds what it does not share with the one before. */
function trieSize(patterns: readonly string[]): number {
  const sorted = patterns.filter((p) => p.length).sort();
  let size = 1;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    const prev = i ? sorted[i - 1]! : '';
    let common = 0;
    while (common < p.length && common < prev.length && p.charCodeAt(common) === prev.charCodeAt(common)) common++;
    size += p.length - common;
  }
  return size;
}

/** KMP's failure function: for each length j, the longest proper border of pattern[0, j). */
function borders(pattern: Uint8Array): Int32Array {
  const f = new Int32Array(pattern.length + 1);
  let k = 0;
  for (let j = 1; j < pattern.length; j++) {
    const c = pattern[j]!;
    while (k > 0 && pattern[k] !== c) k = f[k]!;
    if (pattern[k] === c) k++;
    f[j + 1] = k;
  }
  return f;
}

/** Marks "no state" in child lists; state 0 is the root and is never anybody's child. */
const NONE = 0;
/** A state with more children than this gets a direct row instead of a list walk. */
const LIST_LIMIT = 4;
/** At most this many row entries (4 bytes each) per automaton; beyond it, lists are walked. */
const ROW_BUDGET = 1024 * 1024;

/** The automaton over a set of patterns. State 0 is the root. */
export class PatternAutomaton {
  /** Child of the root for each byte (0: stay at the root). */
  readonly rootNext = new Int32Array(0x100);
  /**
   * First child and next sibling: most states of a long pattern have exactly one child. A state
   * with many children has -(row + 1) here instead, its children in {@link rows}.
   */
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  /** Byte on the edge into each state. */
  readonly label: Uint8Array;
  /** Length of the text a state stands for. */
  readonly depth: Int32Array;
  readonly fail: Int32Array;
  /**
   * {@link PATTERN_END} where a pattern ends in this state (through failure links; its length is in
   * {@link matchLengths}); {@link LONG_PREFIX_END} where the first bytes of longer ones end (which
   * ones: {@link longAt}).
   */
  readonly matches: Uint8Array;
  /** Patterns longer than {@link TRIE_DEPTH}, as bytes. */
  readonly longPatterns: Uint8Array[] = [];
  /** For each of {@link longPatterns}: the length of the longest proper border of each prefix (KMP's failure function). */
  readonly longBorders: Int32Array[] = [];
  /** For each state where longer patterns' first {@link TRIE_DEPTH} bytes end: their indexes in {@link longPatterns}. */
  readonly longAt = new Map<number, number[]>();
  /**
   * Length of the longest pattern ending in each state that has one: a few thousand states of a
   * million for a certificate bundle, so a Map instead of four bytes for every state.
   */
  readonly matchLengths = new Map<number, number>();
  /** Class of each byte (0: in no pattern, so every state goes back to the root on it). */
  readonly classOf = new Int32Array(0x100);
  /** Number of classes, 0 included. */
  readonly classes: number;
  /** Child per class for states with many children (the top of a trie of many secrets). */
  readonly rows: Int32Array;
  /**
   * Skip table over the first {@link window} bytes of every pattern (Wu–Manber): for the 4
   * bytes ending a window, how far the window can move without passing a possible pattern
   * start. Undefined when the shortest pattern is too short for skipping to pay off.
   */
  readonly skip: Uint8Array | undefined;
  readonly window: number;
  /**
   * For a window whose skip distance is 0: the patterns (as bytes) whose first window ends in the
   * same bytes, checked in place instead of walking the automaton. Those
   * of hash `h` are `candidates[candidateAt[h]]` up to `candidates[candidateAt[h + 1]]` (flat
   * typed offsets: a Map lookup per possible start cost more than the comparison itself).
   */
  readonly candidateAt: Int32Array;
  readonly candidates: Uint8Array[];
  /** For each of {@link candidates}: its whole 32-bit words (see wordsOf). */
  readonly candidateWords: Int32Array[];
  /** Number of states, root included. */
  readonly size: number;
  /** Length of the longest pattern. */
  readonly maxLength: number;

  constructor(given: readonly string[]) {
    // Flat copies (through bytes, which latin1 patterns are): patterns built by concatenation or
    // slicing are ropes and views, and every character read from one walks it again.
    const patterns = given.map((p) => Buffer.from(p, 'latin1').toString('latin1'));
    let maxLength = 0;
    let minLength = Infinity;
    for (const p of patterns) {
      maxLength = Math.max(maxLength, p.length);
      if (p.length) minLength = Math.min(minLength, p.length);
    }
    this.window = Math.min(minLength, MAX_WINDOW);
    this.skip = this.window >= MIN_WINDOW ? skipTable(patterns, this.window) : undefined;
    const flat = this.skip ? candidateTable(patterns, this.window) : { at: new Int32Array(0), list: [] as Uint8Array[], words: [] as Int32Array[] };
    this.candidateAt = flat.at;
    this.candidates = flat.list;
    this.candidateWords = flat.words;
    this.maxLength = maxLength;
    // Sized exactly (no larger arrays to trim afterwards, which would briefly need both).
    const heads = patterns.map((p) => (p.length > TRIE_DEPTH ? p.slice(0, TRIE_DEPTH) : p));
    const states = trieSize(heads);
    const firstChild = new Int32Array(states);
    const nextSibling = new Int32Array(states);
    const label = new Uint8Array(states);
    const depth = new Int32Array(states);
    const ends: number[] = [];
    const rootNext = this.rootNext;
    let size = 1;
    for (const p of heads) {
      const len = p.length;
      if (!len) {
        ends.push(-1);
        continue;
      }
      // Down the part of the trie the pattern shares with earlier ones…
      let s = 0;
      let i = 0;
      for (; i < len; i++) {
        const c = p.charCodeAt(i);
        let next = NONE;
        if (s === 0) next = rootNext[c]!;
        else {
          next = firstChild[s]!;
          while (next !== NONE && label[next] !== c) next = nextSibling[next]!;
        }
        if (next === NONE) break;
        s = next;
      }
      // …then the rest as a chain of new states, each the only child of the one before.
      for (; i < len; i++) {
        const c = p.charCodeAt(i);
        const next = size++;
        label[next] = c;
        depth[next] = depth[s]! + 1;
        if (s === 0) rootNext[c] = next;
        else {
          nextSibling[next] = firstChild[s]!;
          firstChild[s] = next;
        }
        s = next;
      }
      ends.push(s);
    }
    this.size = size;
    this.firstChild = firstChild;
    this.nextSibling = nextSibling;
    this.label = label;
    this.depth = depth;
    this.fail = new Int32Array(size);
    this.matches = new Uint8Array(size);
    patterns.forEach((p, k) => {
      const e = ends[k]!;
      if (e < 0) return;
      if (p.length <= TRIE_DEPTH) {
        this.matches[e]! |= PATTERN_END;
        this.matchLengths.set(e, p.length);
        return;
      }
      this.matches[e]! |= LONG_PREFIX_END;
      const bytes = Buffer.from(p, 'latin1');
      const at = this.longAt.get(e) ?? [];
      at.push(this.longPatterns.length);
      this.longAt.set(e, at);
      this.longPatterns.push(bytes);
      this.longBorders.push(borders(bytes));
    });
    let classes = 1;
    for (let s = 1; s < size; s++) if (this.classOf[this.label[s]!] === 0) this.classOf[this.label[s]!] = classes++;
    this.classes = classes;
    this.rows = this.buildRows();
    this.linkFailures();
  }

  /** Gives states with more than a few children a direct row, within a memory budget. */
  private buildRows(): Int32Array {
    const withRow: number[] = [];
    for (let s = 1; s < this.size && (withRow.length + 1) * this.classes <= ROW_BUDGET; s++) {
      let children = 0;
      for (let k = this.firstChild[s]!; k !== NONE && children <= LIST_LIMIT; k = this.nextSibling[k]!) children++;
      if (children > LIST_LIMIT) withRow.push(s);
    }
    const rows = new Int32Array(withRow.length * this.classes);
    withRow.forEach((s, r) => {
      for (let k = this.firstChild[s]!; k !== NONE; k = this.nextSibling[k]!) rows[r * this.classes + this.classOf[this.label[k]!]!] = k;
      this.firstChild[s] = -(r + 1);
    });
    return rows;
  }

  /**
   * Breadth first, so every failure target is final before a deeper state needs it. One loop with
   * no calls: it runs once per run over up to a million states, mostly before the JIT has warmed up.
   */
  private linkFailures(): void {
    const queue = new Int32Array(this.size);
    const { rootNext, firstChild, nextSibling, rows, classes, classOf, fail, matches, matchLengths, label } = this;
    let head = 0;
    let tail = 0;
    for (let s = 1; s < this.size; s++) if (this.depth[s] === 1) queue[tail++] = s;
    while (head < tail) {
      const s = queue[head++]!;
      const first = firstChild[s]!;
      // Children of s: a sibling list, or the non-empty entries of its row.
      let k = first >= 0 ? first : NONE;
      let r = first < 0 ? (-first - 1) * classes : 0;
      const rowEnd = first < 0 ? r + classes : 0;
      for (;;) {
        if (first < 0) {
          while (r < rowEnd && rows[r] === NONE) r++;
          if (r === rowEnd) break;
          k = rows[r++]!;
        } else if (k === NONE) break;
        const c = label[k]!;
        // The longest proper suffix of k's text that is in the trie: from s's, follow failures.
        let t = fail[s]!;
        let f: number;
        for (;;) {
          if (t === 0) {
            f = rootNext[c]!;
            break;
          }
          const tf = firstChild[t]!;
          let x: number;
          if (tf < 0) x = rows[(-tf - 1) * classes + classOf[c]!]!;
          else {
            x = tf;
            while (x !== NONE && label[x] !== c) x = nextSibling[x]!;
          }
          if (x !== NONE) {
            f = x;
            break;
          }
          t = fail[t]!;
        }
        fail[k] = f;
        if ((matches[k]! & PATTERN_END) === 0 && (matches[f]! & PATTERN_END) !== 0) {
          matches[k]! |= PATTERN_END;
          matchLengths.set(k, matchLengths.get(f)!);
        }
        queue[tail++] = k;
        if (first >= 0) k = nextSibling[k]!;
      }
    }
  }
}
