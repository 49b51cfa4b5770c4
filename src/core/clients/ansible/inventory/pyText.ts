// Python's str.splitlines() and str.strip(), which the INI plugin applies: they differ from JS's
// split(/\r?\n/) and trim() — a lone \r, \v, \f, \x1c–\x1e, \x85, \u2028/\u2029 end lines, and a
// byte-order mark is *not* whitespace (so `\ufeff[web]` is not a section header, and Ansible refuses it).

// eslint-disable-next-line no-control-regex -- the file/group/record separators end lines in Python
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** `text.splitlines()`: no empty last element for a trailing line break. */
export function pySplitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// str.isspace(): Unicode White_Space plus the separators \x1c–\x1f; not U+FEFF (which JS trims).
const PY_SPACE = '[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

/** `text.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(STRIP, '');
}
