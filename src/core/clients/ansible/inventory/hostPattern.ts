// Mirrors Ansible's `parse_address(allow_ranges=True)` and `expand_hostname_range`
// (lib/ansible/parsing/utils/addresses.py, lib/ansible/inventory/helpers? → inventory plugins base).

// Ansible compiles the hostname pattern with re.I and re.UNICODE: letter ranges may be upper case and
// `\w` takes any Unicode letter or digit (`сервер:22` is host `сервер`, port 22).
const ALNUM_RANGE = String.raw`\[(?:[a-zA-Z]:[a-zA-Z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const NUM_RANGE = String.raw`\[[0-9]+:[0-9]+(?::[0-9]+)?\]`;
const WORD = String.raw`[\p{L}\p{N}_]`;
const LABEL = String.raw`(?:${WORD}|${ALNUM_RANGE})(?:${WORD}|-|${ALNUM_RANGE})*(?<![_-])`;
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'u');
const IPV4_PART = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUM_RANGE})`;
const IPV4 = new RegExp(String.raw`^${IPV4_PART}(?:\.${IPV4_PART}){3}$`);
const IPV6 = /^[0-9a-fA-F:.[\]]*:[0-9a-fA-F:.[\]]*$/;
const BRACKETED_HOSTPORT = /^\[(.+)\]:(\d+)$/;
const HOSTPORT = new RegExp(String.raw`^((?:[^:\[\]]|\[[^\]]*\])*):(\d+)$`);

/** A host pattern split into its name (possibly with ranges) and optional port. */
export interface HostAddress {
  host: string;
  port?: number;
}

/** Splits `host:port` / `[v6]:port` like Ansible; an unrecognised pattern is kept whole with no port. */
export function parseHostAddress(pattern: string): HostAddress {
  let address = pattern;
  let port: number | undefined;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address);
    if (m) {
      address = m[1];
      port = Number(m[2]);
    }
  }
  if (IPV4.test(address) || IPV6.test(address) || HOSTNAME.test(address)) return port === undefined ? { host: address } : { host: address, port };
  return { host: pattern };
}

/** True when `parse_address(pattern, allow_ranges=True)` accepts the text (a host, IPv4/IPv6, with an optional port). */
export function isHostAddress(pattern: string): boolean {
  let address = pattern;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address);
    if (m) address = m[1];
  }
  return IPV4.test(address) || IPV6.test(address) || HOSTNAME.test(address);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Largest number of names one range may expand to. */
const MAX_RANGE = 1_000_000;

/** Python's `int(text)`: surrounding whitespace, a sign and `_` between digits allowed. */
function pyInt(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(t)) throw new Error(`invalid literal for int() with base 10: '${text}'`);
  const n = Number(t.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) throw new Error(`host range bound ${text} is too large`);
  return n;
}

/** Expands `web[01:03]`, `db-[a:c]`, `h[0:10:5]` (nested left to right); throws with Ansible's wording on bad ranges. */
export function expandHostRange(line: string): string[] {
  if (!line.includes('[')) return [line];
  // Ansible replaces the first '[' and the first ']' by '|' and unpacks the split into exactly three parts.
  const parts = line.replace('[', '|').replace(']', '|').split('|');
  if (parts.length !== 3) throw new Error(`host range ${line} must have one [begin:end] block`);
  const [head, nrange, tail] = parts;
  const bounds = nrange.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1];
  const step = bounds.length === 3 ? pyInt(bounds[2]) : 1;
  if (!end) throw new Error('host range must specify end value');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new Error('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(beg.length, '0');
  }
  if (step === 0) throw new Error('host range step must not be zero');
  let seq: Array<string | number>;
  // `string.ascii_letters.index(beg)` is a substring search, so `ab` is found too (multi-letter ranges).
  const ib = LETTERS.indexOf(beg);
  const ie = LETTERS.indexOf(end);
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) throw new Error('host range must have begin <= end');
    // ascii_letters[ib:ie+1:step]: a negative step from a lower start selects nothing.
    seq = [];
    if (step > 0) for (let k = ib; k <= ie; k += step) seq.push(LETTERS[k]);
  } else {
    const b = pyInt(beg);
    const e = pyInt(end);
    // range(b, e + 1, step), bounded: a range Ansible would take hours to expand is refused instead.
    const count = step > 0 ? Math.max(0, Math.ceil((e + 1 - b) / step)) : Math.max(0, Math.ceil((b - (e + 1)) / -step));
    if (count > MAX_RANGE) throw new Error(`host range ${beg}:${end} expands to ${count} hosts; more than ${MAX_RANGE} is refused`);
    seq = [];
    for (let k = b; step > 0 ? k <= e : k > e + 1; k += step) seq.push(k);
  }
  const out: string[] = [];
  for (const r of seq) out.push(...expandHostRange(head + fill(r) + tail));
  return out;
}

/** Parses a host pattern into concrete host names and a port, like `_expand_hostpattern`. */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  const { host, port } = parseHostAddress(pattern);
  return port === undefined ? { hosts: expandHostRange(host) } : { hosts: expandHostRange(host), port };
}
