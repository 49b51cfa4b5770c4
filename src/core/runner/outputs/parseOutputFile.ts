// Reads the file a step names by $ANSFLOW_OUTPUT: `KEY=VALUE` lines, and multi-line values as
// `KEY<<DELIM` … `DELIM` (the GitHub Actions convention, so existing scripts work unchanged).
//
// A value with a line break written in the one-line form would add lines of its own: a param
// `x\nrole=admin` echoed as `name=$VALUE` forges the output `role`. The runner knows the values it
// handed the step (its environment: params, outputs and secrets substituted by reference), so those
// are read as one piece wherever they appear: their line breaks never start a line, in either form.

/** A line that could not be read, for the step's log. */
export interface OutputFileProblem {
  line: number;
  message: string;
}

/** Options of {@link parseOutputFile}. */
export interface ParseOutputOptions {
  /** Values the step was given; their line breaks are part of the value, never a new line. */
  knownValues?: Iterable<string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Offsets of `text` covered by an occurrence of a known multi-line value, merged and sorted. */
function opaqueRanges(text: string, values: Iterable<string>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const v of values) {
    if (v.length < 2 || !v.includes('\n')) continue;
    for (let at = text.indexOf(v); at !== -1; at = text.indexOf(v, at + v.length)) ranges.push([at, at + v.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Splits on line breaks (LF or CRLF) outside the opaque ranges. */
function splitLines(text: string, opaque: Array<[number, number]>): string[] {
  if (!opaque.length) return text.split(/\r?\n/);
  const lines: string[] = [];
  let start = 0;
  let r = 0;
  for (let i = 0; i < text.length; i++) {
    while (r < opaque.length && opaque[r]![1] <= i) r++;
    if (text[i] !== '\n' || (r < opaque.length && opaque[r]![0] <= i)) continue;
    lines.push(text.slice(start, text[i - 1] === '\r' && i - 1 >= start ? i - 1 : i));
    start = i + 1;
  }
  lines.push(text.slice(start));
  return lines;
}

/** Parses output-file text into name → value; later assignments win. */
export function parseOutputFile(text: string, options: ParseOutputOptions = {}): { outputs: Record<string, string>; problems: OutputFileProblem[] } {
  const outputs: Record<string, string> = {};
  const problems: OutputFileProblem[] = [];
  const lines = splitLines(text, options.knownValues ? opaqueRanges(text, options.knownValues) : []);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const heredoc = /^([A-Za-z_][A-Za-z0-9_.-]*)<<([^\n]+)$/.exec(line);
    if (heredoc) {
      const [, key, delim] = heredoc;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j] !== delim) body.push(lines[j++]!);
      if (j >= lines.length) {
        problems.push({ line: i + 1, message: `multi-line value '${key}' is missing its closing '${delim}'` });
        break;
      }
      outputs[key!] = body.join('\n');
      i = j;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !NAME.test(line.slice(0, eq))) {
      problems.push({ line: i + 1, message: `expected KEY=VALUE or KEY<<DELIMITER, got '${line.slice(0, 40).split('\n')[0]}'` });
      continue;
    }
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { outputs, problems };
}

/**
 * One output in the file's format, safe for any value: the delimiter form with a delimiter that does
 * not occur in the value. For writers of $ANSFLOW_OUTPUT in TypeScript (the runner's own API).
 */
export function formatOutput(name: string, value: string): string {
  if (!NAME.test(name)) throw new Error(`'${name.slice(0, 40)}' is not a valid output name (letters, digits, '_', '.', '-')`);
  let n = 0;
  let delim = 'ANSFLOW_EOF';
  while (value.split(/\r?\n/).includes(delim)) delim = `ANSFLOW_EOF_${++n}`;
  return `${name}<<${delim}\n${value}\n${delim}\n`;
}
