// Mirrors Python's `shlex.split(s, comments=True, posix=True)`, which Ansible's INI inventory
// plugin uses for host lines. Source of truth: CPython `Lib/shlex.py` read_token.

/** Splits `line` into words like `shlex.split(line, comments=True)`; throws on an unclosed quote. */
export function shlexSplit(line: string): string[] {
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
    } else if (c === '#') {
      // `#` starts a comment even inside a word, as in shlex's posix mode.
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
