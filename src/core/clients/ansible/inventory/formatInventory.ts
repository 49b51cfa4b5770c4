// Renders an inventory exactly in the shapes of `ansible-inventory --list` and `--graph`
// (lib/ansible/cli/inventory.py json_inventory / _graph_group, ansible-core 2.14).
import type { InventoryData, InventoryGroup } from './InventoryData.js';
import { hostVariables, type VarsDirectoryLoader } from './inventoryVars.js';
import type { JsonValue } from './pythonLiteral.js';
import { PyNumber } from './pyNumber.js';

/** One group entry of the `--list` JSON. */
export interface InventoryListGroup {
  hosts?: string[];
  children?: string[];
  vars?: Record<string, JsonValue>;
}

/** The `ansible-inventory --list` document: `_meta.hostvars` plus one entry per non-empty group. */
export type InventoryList = { _meta: { hostvars: Record<string, Record<string, JsonValue>> } } & Record<string, InventoryListGroup>;

/** Builds the `--list` JSON object (groups with no hosts and no children are left out, as Ansible does). */
export function inventoryToList(inv: InventoryData, files?: VarsDirectoryLoader): InventoryList {
  // Null-prototype maps: a group or host may be called `__proto__` or `constructor`.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const seen = new Set<string>();
  const visit = (g: InventoryGroup): void => {
    const entry: InventoryListGroup = {};
    if (g.name !== 'all' && g.hosts.length) entry.hosts = g.hosts.map((h) => h.name);
    const children: string[] = [];
    for (const c of g.children) {
      children.push(c.name);
      if (!seen.has(c.name)) {
        seen.add(c.name);
        visit(c);
      }
    }
    if (children.length) entry.children = children;
    if (Object.keys(entry).length) out[g.name] = entry;
  };
  visit(inv.groups.get('all')!);
  const hostvars: Record<string, Record<string, JsonValue>> = Object.create(null) as Record<string, Record<string, JsonValue>>;
  const layers = new Map<string, Record<string, JsonValue>>();
  for (const h of inv.hosts.values()) {
    const vars = hostVariables(inv, h, files, layers);
    if (Object.keys(vars).length) hostvars[h.name] = vars;
  }
  out._meta = { hostvars };
  return out as InventoryList;
}

/** Serialises like Python's `json.dumps(..., sort_keys=True, indent=4)`, which prints NaN and Infinity bare. */
export function stringifyInventoryList(list: InventoryList): string {
  return pyJsonDumps(sortKeys(list), '');
}

function pyJsonDumps(v: unknown, indent: string): string {
  if (v instanceof PyNumber) return v.text;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : JSON.stringify(v);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    const inner = indent + '    ';
    return `[\n${v.map((x) => inner + pyJsonDumps(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    const inner = indent + '    ';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pyJsonDumps((v as Record<string, unknown>)[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof PyNumber)) {
    const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v).sort()) o[k] = sortKeys((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

/** The `--graph` text for `group` (default `all`), children before hosts, in inventory order. */
export function inventoryToGraph(inv: InventoryData, group = 'all'): string {
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + text : text);
  const walk = (g: InventoryGroup, depth: number): void => {
    lines.push(name(`@${g.name}:`, depth));
    for (const c of g.children) walk(c, depth + 1);
    if (g.name !== 'all') for (const h of g.hosts) lines.push(name(h.name, depth + 1));
  };
  const start = inv.groups.get(group);
  if (start) walk(start, 0);
  return lines.join('\n');
}
