// Finds `path:line[:col]` references in a terminal line so the link provider can open them. Pure.

/** One link in a line: where it is and what it opens (path as printed; the glue resolves it). */
export interface FileLink {
  startIndex: number;
  length: number;
  path: string;
  line: number;
  column?: number;
}

// A path needs a slash or an extension so times (12:30:45) and URLs' ports are not taken for one.
const LINK = /(?:^|[\s'"([])((?:[A-Za-z]:)?(?:[\w.@~+-]*[\\/])*[\w@~+-][\w.@~+-]*\.[A-Za-z0-9]+|(?:[\w.@~+-]*[\\/])+[\w.@~+-]+)(?::(\d+)(?::(\d+))?|\((\d+),(\d+)\)|", line (\d+))/g;

/** The `[step]` prefix this renderer puts in front of each line, if any. */
export function stepOfLine(line: string): string | undefined {
  return /^\[(.+?)\](?=\s)/.exec(line)?.[1];
}

/** Every file reference in a (plain-text) terminal line. */
export function findFileLinks(line: string): FileLink[] {
  const out: FileLink[] = [];
  for (const m of line.matchAll(LINK)) {
    const path = m[1];
    if (/^https?$|^\d+(\.\d+)*$/.test(path) || line.slice(Math.max(0, (m.index ?? 0) - 8), m.index).includes('://')) continue;
    const lineNo = Number(m[2] ?? m[4] ?? m[6]);
    const col = m[3] ?? m[5];
    const startIndex = (m.index ?? 0) + m[0].indexOf(path);
    out.push({ startIndex, length: m[0].length - (startIndex - (m.index ?? 0)), path, line: lineNo, column: col ? Number(col) : undefined });
  }
  return out;
}
