// Locates `${{ … }}` occurrences in a string. Quotes inside are honoured, so `'}}'` in a string
// literal does not end the expression.

/** One `${{ … }}` occurrence; offsets are `baseOffset` + position in the scanned text. */
export interface FoundExpression {
  /** The text between `${{` and `}}`. */
  source: string;
  /** Start of `${{`. */
  start: number;
  /** End of `}}` (exclusive); the end of the text when unterminated. */
  end: number;
  /** Offset of `source`'s first character. */
  sourceOffset: number;
  /** Set when no closing `}}` was found. */
  unterminated?: true;
}

/** Finds every `${{ … }}` in `text`; offsets are shifted by `baseOffset`. */
export function findExpressions(text: string, baseOffset = 0): FoundExpression[] {
  const out: FoundExpression[] = [];
  let i = text.indexOf('${{');
  while (i !== -1) {
    const srcStart = i + 3;
    let j = srcStart;
    let inString = false;
    let close = -1;
    while (j < text.length) {
      const c = text[j];
      if (c === "'") inString = !inString;
      else if (!inString && c === '}' && text[j + 1] === '}') {
        close = j;
        break;
      }
      j++;
    }
    if (close === -1) {
      // An unterminated quote may hide the closing braces: fall back to the first plain `}}`.
      const plain = text.indexOf('}}', srcStart);
      if (plain !== -1) close = plain;
    }
    if (close === -1) {
      out.push({ source: text.slice(srcStart), start: baseOffset + i, end: baseOffset + text.length, sourceOffset: baseOffset + srcStart, unterminated: true });
      break;
    }
    out.push({ source: text.slice(srcStart, close), start: baseOffset + i, end: baseOffset + close + 2, sourceOffset: baseOffset + srcStart });
    i = text.indexOf('${{', close + 2);
  }
  return out;
}
