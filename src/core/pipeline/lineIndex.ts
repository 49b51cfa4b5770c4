// The one offset ↔ line mapping: the CLI's `file:line:col`, the language service and the editor glue
// all use it, so a position never depends on who computed it. Lines end at `\n`, `\r\n` or a lone
// `\r`, the rule of the Language Server Protocol and VS Code's TextDocument; characters are UTF-16
// code units, like JS strings and LSP's default position encoding.
import type { TextRange } from '../contracts/diagnostics.js';

/** A zero-based line and UTF-16 character, the shape VS Code and LSP use. */
export interface Position {
  line: number;
  character: number;
}

/** A pair of {@link Position}s, end exclusive. */
export interface LineRange {
  start: Position;
  end: Position;
}

/** 0-based line and column (UTF-16 code units), as the CLI prints them (plus one). */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Maps offsets to positions and back for one text, by binary search over line starts.
 *
 * ```ts
 * const idx = new LineIndex(text);
 * idx.positionAt(42); // { line: 3, character: 7 }
 * ```
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** Number of lines (an empty text has one). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of an offset; offsets outside the text are clamped. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo]! };
  }

  /** {@link positionAt} with the column named as the CLI names it. */
  position(offset: number): LineColumn {
    const p = this.positionAt(offset);
    return { line: p.line, column: p.character };
  }

  /** Offset of a position; a character past the line end is clamped to the end (before the line break), as LSP says. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line]!;
    return Math.max(start, Math.min(start + pos.character, this.lineContentEnd(pos.line)));
  }

  /** Offset where the line's content ends (before `\r\n`, `\n` or `\r`). */
  lineContentEnd(line: number): number {
    const start = this.lineStarts[line] ?? this.text.length;
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of one line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? this.text.length, this.lineContentEnd(line));
  }

  /** Converts an offset range to a line range. */
  rangeAt(range: TextRange): LineRange {
    return { start: this.positionAt(range.start), end: this.positionAt(range.end) };
  }

  /** Converts a line range back to offsets. */
  offsetRange(range: LineRange): TextRange {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }
}
