// Which hosts a host pattern (`web:&staging:!web3`, `db[0:1]`, `~w.*`) selects, the way
// `ansible PATTERN --list-hosts` answers it (lib/ansible/inventory/manager.py, ansible-core 2.14:
// split_host_pattern, order_patterns, _evaluate_patterns, _match_one_pattern, _enumerate_matches).
import type { InventoryData, InventoryGroup, InventoryHost } from './InventoryData.js';
import { isHostAddress } from './hostPattern.js';

/** Names Ansible treats as the implicit localhost when the inventory does not list them. */
const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1']);

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

/** The single patterns of a pattern string: comma-separated, else one address, else colon-separated. */
export function splitHostPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (isHostAddress(pattern)) parts = [pattern];
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Regular patterns first, then `&` intersections, then `!` exclusions; `all` when only modifiers. */
export function orderPatterns(patterns: string[]): string[] {
  const regular = patterns.filter((p) => p[0] !== '!' && p[0] !== '&');
  const and = patterns.filter((p) => p[0] === '&');
  const not = patterns.filter((p) => p[0] === '!');
  return [...(regular.length ? regular : ['all']), ...and, ...not];
}

/** Python's `fnmatch.translate` as a JS RegExp (whole-string, case-sensitive, `.` matches newlines). */
export function fnmatchRegExp(pat: string): RegExp {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pat[j] === '!') j++;
      if (pat[j] === ']') j++;
      while (j < pat.length && pat[j] !== ']') j++;
      if (j >= pat.length) out += '\\[';
      else {
        let body = pat.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body[0] === '!') body = '^' + body.slice(1);
        else if (body[0] === '^') body = '\\' + body;
        out += `[${body.replace(/\[/g, '\\[')}]`;
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 'su');
}

/** Thrown for a pattern Ansible refuses (bad regex, subscript beyond the matches). */
export class HostPatternError extends Error {
  override name = 'HostPatternError';
}

function matcher(pattern: string): (name: string) => boolean {
  try {
    if (pattern[0] === '~') {
      // re.match: anchored at the start only.
      const re = new RegExp(pattern.slice(1), 'yu');
      return (name) => {
        re.lastIndex = 0;
        return re.test(name);
      };
    }
    const re = fnmatchRegExp(pattern);
    return (name) => re.test(name);
  } catch {
    throw new HostPatternError(`Invalid host list pattern: ${pattern}`);
  }
}

/** A group's hosts and its descendants' hosts, breadth first, each once (`Group.get_hosts`). */
export function groupHosts(group: InventoryGroup): InventoryHost[] {
  const ordered: InventoryGroup[] = [group, ...group.children];
  const seen = new Set<InventoryGroup>(ordered);
  let level = group.children;
  while (level.length) {
    const next: InventoryGroup[] = [];
    for (const g of level)
      for (const c of g.children)
        if (!seen.has(c)) {
          seen.add(c);
          ordered.push(c);
          next.push(c);
        }
    level = next;
  }
  const out = new Set<InventoryHost>();
  for (const g of ordered) for (const h of g.hosts) out.add(h);
  return [...out];
}

function enumerate(inv: InventoryData, pattern: string): InventoryHost[] {
  const match = matcher(pattern);
  const results: InventoryHost[] = [];
  const groups = [...inv.groups.keys()].filter(match);
  for (const g of groups) results.push(...groupHosts(inv.groups.get(g)!));
  if (!groups.length || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
    for (const [name, h] of inv.hosts) if (match(name)) results.push(h);
  }
  return results;
}

function matchOne(inv: InventoryData, raw: string): InventoryHost[] {
  const pattern = raw[0] === '&' || raw[0] === '!' ? raw.slice(1) : raw;
  let expr = pattern;
  let subscript: [number, number | undefined] | undefined;
  const m = pattern[0] === '~' ? null : SUBSCRIPT.exec(pattern);
  if (m) {
    expr = m[1];
    subscript = m[2] !== undefined ? [Number(m[2]), undefined] : [Number(m[3]), m[5] ? Number(m[5]) : -1];
  }
  const hosts = enumerate(inv, expr);
  if (!hosts.length && LOCALHOST.has(expr)) return [implicitHost(expr)];
  if (!subscript || !hosts.length) return hosts;
  const [start, end] = subscript;
  if (end) return hosts.slice(start, (end === -1 ? hosts.length - 1 : end) + 1);
  const one = hosts[start < 0 ? hosts.length + start : start];
  if (!one) throw new HostPatternError(`No hosts matched the subscripted pattern '${pattern}'`);
  return [one];
}

function implicitHost(name: string): InventoryHost {
  return { name, groups: [], vars: {} };
}

/** Host names a pattern selects, in Ansible's order; throws {@link HostPatternError} where Ansible errors. */
export function selectHosts(inv: InventoryData, pattern: string): string[] {
  let hosts: InventoryHost[] = [];
  for (const p of orderPatterns(splitHostPattern(pattern))) {
    const direct = inv.hosts.get(p);
    if (direct) {
      hosts.push(direct);
      continue;
    }
    const that = matchOne(inv, p);
    if (p[0] === '!') {
      const names = new Set(that.map((h) => h.name));
      hosts = hosts.filter((h) => !names.has(h.name));
    } else if (p[0] === '&') {
      const names = new Set(that.map((h) => h.name));
      hosts = hosts.filter((h) => names.has(h.name));
    } else {
      const existing = new Set(hosts.map((h) => h.name));
      hosts.push(...that.filter((h) => !existing.has(h.name)));
    }
  }
  return [...new Set(hosts.map((h) => h.name))];
}
