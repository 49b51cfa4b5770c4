// Test helper: texts carry their cursor as `|`; helpers strip it and return the offset.

/** Splits `a: b|c` into the text without the marker and the marker's offset. */
export function cursor(src: string): { text: string; offset: number } {
  const offset = src.indexOf('|');
  if (offset < 0) throw new Error(`no | cursor in ${JSON.stringify(src)}`);
  return { text: src.slice(0, offset) + src.slice(offset + 1), offset };
}

/** Offset of the n-th (0-based) occurrence of `needle` in `text`, plus `delta`. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  return at + delta;
}
