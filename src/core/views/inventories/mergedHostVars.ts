// A host's variables as Ansible merges them for `ansible-inventory --host` — the same layers in the
// same order as the client's hostVariables (inventory `all` < groups by depth, priority, name <
// group_vars/all < group_vars/<group> < the host's own < host_vars/<host>) — with, for each value,
// the file and line of the layer that won. Encrypted values and files are never decrypted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InventoryData, InventoryHost } from '../../clients/ansible/inventory/InventoryData.js';
import { findVarsFiles, isPythonFalsy } from '../../clients/ansible/inventory/inventoryVars.js';
import { isVaultValue, parseAnsibleYaml } from '../../clients/ansible/inventory/parseYamlInventory.js';
import type { JsonValue } from '../../clients/ansible/inventory/pythonLiteral.js';
import { locateVarsFile, type InventoryLines } from './locateDefinitions.js';

/** Where a value was written. */
export interface Origin {
  file: string;
  /** 1-based. */
  line: number;
}

/** One merged variable. */
export interface MergedVar {
  key: string;
  value: JsonValue;
  origin: Origin;
  /** A `!vault` value: shown as encrypted, never decrypted. */
  encrypted: boolean;
}

/** A variables file that could not be merged (whole-file vault, or not a mapping). */
export interface UnreadVarsFile {
  file: string;
  reason: 'encrypted' | 'invalid';
  message: string;
}

/** The variables of one host, sorted by name like `ansible-inventory --host` prints them. */
export interface MergedHostVars {
  vars: MergedVar[];
  unread: UnreadVarsFile[];
}

interface Layer {
  values: Map<string, { value: JsonValue; origin: Origin }>;
  unread: UnreadVarsFile[];
}

const VAULT_HEADER = /^\$ANSIBLE_VAULT;/;

/** Reads group_vars/ and host_vars/ files next to an inventory, each folder entry once. */
export class VarsFilesWithLines {
  private readonly cache = new Map<string, Layer>();
  constructor(private readonly baseDir: string) {}

  /** The merged layer for `kind/name` (several files for a folder, in Ansible's order). */
  load(kind: 'group_vars' | 'host_vars', name: string): Layer {
    const key = `${kind}\u0000${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const layer: Layer = { values: new Map(), unread: [] };
    for (const file of findVarsFiles(join(this.baseDir, kind), name)) {
      const text = readFileSync(file, 'utf8');
      if (VAULT_HEADER.test(text)) {
        layer.unread.push({ file, reason: 'encrypted', message: 'vault-encrypted file (not decrypted)' });
        continue;
      }
      let data: unknown;
      try {
        data = parseAnsibleYaml(text, true);
      } catch (e) {
        layer.unread.push({ file, reason: 'invalid', message: (e as Error).message.split('\n')[0] });
        continue;
      }
      if (isPythonFalsy(data)) continue;
      if (!(data instanceof Map)) {
        layer.unread.push({ file, reason: 'invalid', message: 'expected a mapping of variables' });
        continue;
      }
      const lines = locateVarsFile(text);
      for (const [k, v] of data) layer.values.set(String(k), { value: plain(v), origin: { file, line: lines.get(String(k)) ?? 1 } });
    }
    this.cache.set(key, layer);
    return layer;
  }
}

function plain(v: unknown): JsonValue {
  if (v instanceof Map) {
    const o: Record<string, JsonValue> = Object.create(null);
    for (const [k, x] of v) o[String(k)] = plain(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(plain);
  return v as JsonValue;
}

/** Inputs for {@link mergeHostVars}: the parsed inventory, where it is, and its lines. */
export interface InventorySource {
  file: string;
  data: InventoryData;
  /** Computed on first use: the first level of a large inventory does not need them. */
  lines(): InventoryLines;
  varsFiles: VarsFilesWithLines;
}

/** See the file comment. */
export function mergeHostVars(src: InventorySource, host: InventoryHost): MergedHostVars {
  const { data, file } = src;
  const lines = src.lines();
  const merged = new Map<string, { value: JsonValue; origin: Origin }>();
  const unread: UnreadVarsFile[] = [];
  const fromInventory = (vars: Record<string, JsonValue>, where: { line: number; vars: Map<string, number> } | undefined): void => {
    for (const k of Object.keys(vars)) merged.set(k, { value: vars[k], origin: { file, line: where?.vars.get(k) ?? where?.line ?? 1 } });
  };
  const fromFiles = (layer: Layer): void => {
    for (const [k, v] of layer.values) merged.set(k, v);
    unread.push(...layer.unread);
  };
  const all = data.groups.get('all')!;
  const groups = data.sortedGroups(host).filter((g) => g !== all);
  fromInventory(all.vars, lines.groups.get('all'));
  for (const g of groups) fromInventory(g.vars, lines.groups.get(g.name));
  fromFiles(src.varsFiles.load('group_vars', 'all'));
  for (const g of groups) fromFiles(src.varsFiles.load('group_vars', g.name));
  fromInventory(host.vars, lines.hosts.get(host.name));
  fromFiles(src.varsFiles.load('host_vars', host.name));
  const vars = [...merged]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { value, origin }]) => ({ key, value, origin, encrypted: isVaultValue(value) }));
  return { vars, unread };
}

/** The merged values as one object (what `ansible-inventory --host` prints), for comparisons. */
export function mergedVarsObject(m: MergedHostVars): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = {};
  for (const v of m.vars) Object.defineProperty(o, v.key, { value: v.value, enumerable: true, writable: true, configurable: true });
  return o;
}
