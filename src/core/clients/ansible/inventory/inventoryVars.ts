// Mirrors Ansible's variable layering for `ansible-inventory --list` (VariableManager.get_vars without
// a play, DEFAULT_VARIABLE_PRECEDENCE) and the `host_group_vars` vars plugin that reads `group_vars/`
// and `host_vars/` next to an inventory source.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { InventoryData, InventoryHost, Vars } from './InventoryData.js';
import { InventoryParseError } from './parseIniInventory.js';
import { parseAnsibleYaml } from './parseYamlInventory.js';
import { PyNumber } from './pyNumber.js';

const VAR_EXTENSIONS = ['.yml', '.yaml', '.json'];

/** Reads the `group_vars/` and `host_vars/` files for one entity, caching per folder. */
export class VarsDirectoryLoader {
  private readonly cache = new Map<string, Vars>();
  /** Entry names of group_vars/ and host_vars/ (undefined: no such folder), read once. */
  private readonly listings = new Map<string, Set<string> | undefined>();

  /** `baseDir` is the folder holding the inventory file. */
  constructor(private readonly baseDir: string) {}

  /** Vars for a group (`kind = 'group_vars'`) or a host (`'host_vars'`), `{}` when none. */
  load(kind: 'group_vars' | 'host_vars', name: string): Vars {
    const dir = join(this.baseDir, kind);
    if (!this.listings.has(dir)) this.listings.set(dir, existsSync(dir) && statSync(dir).isDirectory() ? new Set(readdirSync(dir)) : undefined);
    const listing = this.listings.get(dir);
    // Most hosts have no file: answer from the folder listing instead of four stat calls each.
    // `host_vars/db/1.yml` belongs to host `db/1`: names with a slash are looked up directly.
    if (!name.includes('/') && (!listing || !['', ...VAR_EXTENSIONS].some((ext) => listing.has(name + ext)))) return {};
    const key = `${kind}/${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let data: Vars = Object.create(null) as Vars;
    for (const file of findVarsFiles(dir, name)) {
      let loaded: unknown;
      try {
        loaded = parseAnsibleYaml(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new InventoryParseError(`${file}: ${(e as Error).message}`);
      }
      // Ansible combines only truthy data: a file that is just `false`, `0` or empty adds nothing.
      if (isPythonFalsy(loaded)) continue;
      if (typeof loaded !== 'object' || Array.isArray(loaded) || loaded instanceof PyNumber) throw new InventoryParseError(`${file}: failed to combine variables, expected dicts`);
      data = Object.assign(Object.assign(Object.create(null) as Vars, data), loaded as Vars);
    }
    this.cache.set(key, data);
    return data;
  }
}

/** Python truthiness: None, False, 0, '', and empty lists or mappings are false (NaN is true). */
export function isPythonFalsy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof PyNumber) return v.value === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** The files Ansible's `DataLoader.find_vars_files` returns: `name`, `name.yml|yaml|json`, or a folder walked in order. */
export function findVarsFiles(dir: string, name: string): string[] {
  for (const ext of ['', ...VAR_EXTENSIONS]) {
    const p = join(dir, name + ext);
    if (!existsSync(p)) continue;
    return statSync(p).isDirectory() ? walkVarsDir(p) : [p];
  }
  return [];
}

function walkVarsDir(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const full = join(dir, entry);
    const ext = extname(entry);
    const st = statSync(full);
    if (st.isDirectory() && !ext) found.push(...walkVarsDir(full));
    else if (st.isFile() && (!ext || VAR_EXTENSIONS.includes(ext))) found.push(full);
  }
  return found;
}

/** A host's merged variables: all < groups (by depth, priority, name) < group_vars files < host < host_vars files. */
export function hostVariables(inv: InventoryData, host: InventoryHost, files?: VarsDirectoryLoader, layers?: Map<string, Vars>): Vars {
  const all = inv.groups.get('all')!;
  const groups = inv.sortedGroups(host).filter((g) => g !== all);
  // Hosts share group sets: the merged group layer is computed once per distinct set.
  const key = groups.map((g) => g.name).join('\u0000');
  let layer = layers?.get(key);
  if (!layer) {
    // Null-prototype targets: Object.assign must define `__proto__` as a key, not set the prototype.
    layer = Object.assign(Object.create(null) as Vars, all.vars);
    for (const g of groups) Object.assign(layer, g.vars);
    if (files) {
      Object.assign(layer, files.load('group_vars', 'all'));
      for (const g of groups) Object.assign(layer, files.load('group_vars', g.name));
    }
    layers?.set(key, layer);
  }
  const out: Vars = Object.assign(Object.create(null) as Vars, layer);
  Object.assign(out, host.vars);
  if (files) Object.assign(out, files.load('host_vars', host.name));
  return out;
}
