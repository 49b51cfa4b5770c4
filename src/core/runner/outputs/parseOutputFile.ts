// Reads the file a step names by $ANSFLOW_OUTPUT: `KEY=VALUE` lines, and multi-line values as
// `KEY<<DELIM` … `DELIM` (the GitHub Actions convention, so existing scripts work unchanged).

/** A line that could not be read, for the step's log. */
export interface OutputFileProblem {
  line: number;
  message: string;
}

/** Parses output-file text into name → value; later assignments win. */
export function parseOutputFile(text: string): { outputs: Record<string, string>; problems: OutputFileProblem[] } {
  const outputs: Record<string, string> = {};
  const problems: OutputFileProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const heredoc = /^([A-Za-z_][A-Za-z0-9_.-]*)<<(.+)$/.exec(line);
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
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(line.slice(0, eq))) {
      problems.push({ line: i + 1, message: `expected KEY=VALUE or KEY<<DELIMITER, got '${line.slice(0, 40)}'` });
      continue;
    }
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { outputs, problems };
}
