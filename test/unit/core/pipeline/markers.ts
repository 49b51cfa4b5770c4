// Case-table helper: `«` and `»` mark the expected diagnostic range inside a pipeline text.
import { LineIndex } from '../../../../src/core/pipeline/index.js';

/** Strips the markers and returns the text plus the marked range (as offsets and 1-based line:col). */
export function marked(source: string): { text: string; start: number; end: number } {
  const start = source.indexOf('«');
  const text0 = source.replace('«', '');
  const end = text0.indexOf('»');
  if (start < 0 || end < 0) throw new Error('case text needs « and »');
  return { text: text0.replace('»', ''), start, end };
}

/** `line:col-line:col` (1-based) of a range, for readable assertion messages. */
export function where(text: string, start: number, end: number): string {
  const idx = new LineIndex(text);
  const s = idx.position(start);
  const e = idx.position(end);
  return `${s.line + 1}:${s.column + 1}-${e.line + 1}:${e.column + 1}`;
}
