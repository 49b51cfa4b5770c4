// The texts a secret turns into on its way to output: base64 (whole, and inside a longer encoded
// buffer at each byte alignment), JSON string escaping (JavaScript, ASCII-only as Python and Go
// write it, escaped slashes, HTML-safe), Python's repr of str and bytes, and URL encodings
// (component, RFC 3986, form). Each form is the text *between* the quotes or delimiters, so it is
// found wherever the encoded value is embedded.

/** Secrets shorter than this (in characters) are not masked: masking `a` would destroy every line. */
export const MIN_SECRET_LENGTH = 3;

/**
 * Encoded forms (other than the whole base64 text) are masked for secrets of at least this many
 * UTF-8 bytes: shorter ones give fragments that match unrelated text too often.
 */
export const ENCODED_MIN_SECRET_BYTES = 8;

/**
 * A line of a multi-line secret is masked on its own when it holds at least this many UTF-8 bytes
 * besides surrounding whitespace (the whole secret is masked whatever its lines).
 */
export const MIN_SECRET_LINE_BYTES = 8;

/** Base64 fragments shorter than this are ignored: short cores match unrelated base64 text. */
const MIN_BASE64_CORE = 8;

/**
 * The base64 text that appears whenever `value` is encoded as part of a longer buffer, for each of
 * the three byte alignments: characters influenced by neighbouring bytes are trimmed off.
 */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>();
  const whole = bytes.toString('base64');
  forms.add(whole);
  forms.add(whole.replace(/=+$/, ''));
  for (let offset = 0; offset < 3; offset++) {
    // Encode with `offset` leading filler bytes, then drop every character that depends on a filler
    // byte or on whatever follows the value.
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const enc = padded.toString('base64').replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor((padded.length * 8) / 6);
    const core = enc.slice(start, end);
    if (core.length >= MIN_BASE64_CORE) forms.add(core);
  }
  return [...forms].filter((f) => f.length >= MIN_BASE64_CORE || f === whole);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** JSON string contents as JSON.stringify, Python's json.dumps (ASCII only), PHP and Go write them. */
function jsonForms(value: string): string[] {
  const std = JSON.stringify(value).slice(1, -1);
  const ascii = std.replace(/[^ -~]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
  const upper = ascii.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`);
  const slash = std.replaceAll('/', '\\/');
  const html = std.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
  return [std, ascii, upper, slash, html];
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function pythonQuote(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

/** What Python's repr() prints between the quotes for the str `value`. */
function pythonStrRepr(value: string): string {
  const q = pythonQuote(value.includes("'"), value.includes('"'));
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === q) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f || !NON_PRINTABLE.test(ch)) out += ch;
    else out += cp < 0x100 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  }
  return out;
}

/** What Python's repr() prints between the quotes of `b'…'` for the UTF-8 bytes of `value`. */
function pythonBytesRepr(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  const q = pythonQuote(bytes.includes(0x27), bytes.includes(0x22));
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === '\\' || ch === q) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${hex(b, 2)}`;
    else out += ch;
  }
  return out;
}

const escapeByte = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * encodeURIComponent, RFC 3986 (Python's quote(safe='')), and form encoding (URLSearchParams,
 * quote_plus), all derived from the native encodeURIComponent (a per-byte loop took a noticeable
 * part of the masker's start on a 64 KiB secret). A lone surrogate is encoded as U+FFFD, as the
 * UTF-8 encoders do.
 */
function urlForms(value: string): string[] {
  const component = encodeURIComponent(value.replace(/\p{Cs}/gu, '\uFFFD'));
  const rfc3986 = component.replace(/[!'()*]/g, escapeByte);
  const form = component.replace(/[!'()~]/g, escapeByte).replaceAll('%20', '+');
  return [component, rfc3986, form, rfc3986.replaceAll('%20', '+')];
}

/** Every text masked for one secret value: the value, each of its lines from MIN_SECRET_LINE_BYTES, and its encoded forms. */
export function maskPatterns(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const out = new Set<string>([value]);
  // A multi-line secret (a PEM key) often reaches output one line at a time; its short lines (`---`,
  // `}`) are not secret and would hide the same text everywhere, and one short pattern would turn the
  // scan's skipping off for the whole stream.
  if (value.includes('\n')) {
    for (const line of value.split(/\r?\n/)) if (Buffer.byteLength(line.trim(), 'utf8') >= MIN_SECRET_LINE_BYTES) out.add(line);
  }
  for (const b of base64Forms(value)) out.add(b);
  if (Buffer.byteLength(value, 'utf8') >= ENCODED_MIN_SECRET_BYTES) {
    for (const f of [...jsonForms(value), pythonStrRepr(value), pythonBytesRepr(value), ...urlForms(value)]) out.add(f);
  }
  return [...out].filter((p) => p.length >= MIN_SECRET_LENGTH);
}
