// Mirrors Ansible's `parse_address(allow_ranges=True)` and `expand_hostname_range`
// (lib/ansible/parsing/utils/addresses.py, lib/ansible/inventory/helpers? → inventory plugins base).

const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const NUM_RANGE = String.raw`\[[0-9]+:[0-9]+(?::[0-9]+)?\]`;
const LABEL = String.raw`(?:[\w]|${ALNUM_RANGE})(?:[\w-]|${ALNUM_RANGE})*(?<![_-])`;
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

/** Expands `web[01:03]`, `db-[a:c]`, `h[0:10:5]` (nested left to right); throws with Ansible's wording on bad ranges. */
export function expandHostRange(line: string): string[] {
  if (!line.includes('[')) return [line];
  const open = line.indexOf('[');
  const close = line.indexOf(']');
  // Ansible replaces the first '[' and the first ']' then splits on them.
  if (close < 0) throw new Error('host range must be begin:end or begin:end:step');
  const head = line.slice(0, open);
  const nrange = close > open ? line.slice(open + 1, close) : '';
  const tail = close > open ? line.slice(close + 1) : line.slice(open + 1);
  const bounds = nrange.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1];
  const step = bounds.length === 3 ? Number(bounds[2]) : 1;
  if (!end) throw new Error('host range must specify end value');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new Error('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(beg.length, '0');
  }
  if (!Number.isInteger(step) || step === 0) throw new Error('host range step must be a non-zero integer');
  let seq: Array<string | number>;
  const ib = beg.length === 1 ? LETTERS.indexOf(beg) : -1;
  const ie = end.length === 1 ? LETTERS.indexOf(end) : -1;
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) throw new Error('host range must have begin <= end');
    seq = [];
    for (let k = ib; k <= ie; k += step) seq.push(LETTERS[k]);
  } else {
    const b = Number(beg);
    const e = Number(end);
    if (!/^[+-]?\d+$/.test(beg.trim()) || !/^[+-]?\d+$/.test(end.trim())) throw new Error(`invalid literal for int() with base 10: '${beg}'`);
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
