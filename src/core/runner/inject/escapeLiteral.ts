// Escapes a value for the inside of a Python or JavaScript string literal of a given kind, so the
// literal holds exactly the value's text and nothing in it ends the literal or starts code.

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Text for inside a Python str/bytes literal opened with `quote`; f-strings double the braces. */
export function escapePythonLiteral(value: string, quote: string, bytes: boolean, fstring: boolean): string {
  let out = '';
  const units = bytes ? [...Buffer.from(value, 'utf8')].map((b) => String.fromCharCode(b)) : [...value];
  for (const ch of units) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'" || ch === '"') out += quote.includes(ch) ? `\\${ch}` : ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (bytes && code > 0x7f)) out += `\\x${hex2(code)}`;
    else if (!bytes && ((code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029 || code === 0x85)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (!bytes && code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else if (fstring && (ch === '{' || ch === '}')) out += ch + ch;
    else out += ch;
  }
  return out;
}

/**
 * Text for inside a JavaScript '…', "…" or `…` literal; templates also escape `` ` `` and `${`. Built
 * on JSON's escaping (valid JavaScript since ES2019), so it is the JSON-escaped form the masker knows.
 */
export function escapeJsLiteral(value: string, quote: "'" | '"' | '`'): string {
  const body = JSON.stringify(value).slice(1, -1);
  if (quote === '"') return body;
  // `\"` stays valid (it means `"`) in the other literals; only their own quote needs a backslash.
  return quote === "'" ? body.replace(/'/g, "\\'") : body.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}
