// Mirrors Python's `shlex.split(s, comments, posix=True)`. Source of truth: CPython `Lib/shlex.py`
// read_token. Ansible's INI inventory plugin splits host lines with comments=True; a command line
// run without a shell (docker.run `command`) has no comments, so `echo a#b` keeps its `#`.

export interface ShlexOptions {
  /** `#` starts a comment to the end of the line, even inside a word (shlex's posix mode). Default false. */
  comments?: boolean;
}

/** Splits `line` into words like `shlex.split(line, comments)`; throws on an unclosed quote. */
export function shlexSplit(line: string, options: ShlexOptions = {}): string[] {
  const comments = options.comments ?? false;
  const tokens: string[] = [];
  let token = '';
  let inToken = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"') {
        const nx = line[i + 1];
        if (nx === undefined) throw new Error('No escaped character');
        // Inside double quotes a backslash only escapes `"` and `\`.
        token += nx === '"' || nx === '\\' ? nx : c + nx;
        i++;
      } else token += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) tokens.push(token);
      token = '';
      inToken = false;
    } else if (c === '#' && comments) {
      break;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\') {
      const nx = line[i + 1];
      if (nx === undefined) throw new Error('No escaped character');
      token += nx;
      inToken = true;
      i++;
    } else {
      token += c;
      inToken = true;
    }
  }
  if (quote) throw new Error('No closing quotation');
  if (inToken) tokens.push(token);
  return tokens;
}
