// Offsets → line/column, computed only at the edges (CLI output, editors), like yaml's LineCounter.

/** 0-based line and column (UTF-16 code units). */
export interface LineColumn {
  line: number;
  column: number;
}

/** Maps offsets of one text to lines and columns by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 0-based position of an offset (clamped to the text). */
  position(offset: number): LineColumn {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: o - this.starts[lo]! };
  }

  /** Offset of a 0-based position (clamped). */
  offset(line: number, column: number): number {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    return Math.min(this.starts[l]! + Math.max(0, column), this.text.length);
  }
}
