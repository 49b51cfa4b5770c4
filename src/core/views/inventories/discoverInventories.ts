// Which files of a workspace are Ansible inventories: by name (`inventory*`, `hosts*`), by place
// (`*.ini`/`*.yml` under `inventories/`), the sources `ansible.cfg` names in [defaults] `inventory`,
// and the paths of the `ansflow.ansible.inventories` setting. A named folder contributes its files
// the way Ansible reads an inventory folder (group_vars/host_vars and ignored extensions skipped).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, isAbsolute, join, resolve, sep } from 'node:path';

/** Globs for the editor's file search (workspace-relative). */
export const INVENTORY_INCLUDE_GLOB = '{**/inventory*,**/hosts*,**/inventories/**/*.ini,**/inventories/**/*.yml,**/inventories/**/*.yaml,**/ansible.cfg}';
export const INVENTORY_EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/group_vars/**,**/host_vars/**,**/.ansflow/**}';

// Documents, code and backups that share an inventory-like name (`inventory.md`, `hosts.py`).
const NOT_INVENTORY_EXTS = new Set(['.orig', '.retry', '.pyc', '.pyo', '.md', '.rst', '.txt', '.py', '.sh', '.js', '.ts', '.j2', '.bak', '.swp', '.rpm', '.log', '.lock', '.pem', '.key', '.pub', '.zip', '.gz', '.tar', '.cfg']);
// What Ansible skips in an inventory folder: INVENTORY_IGNORE_EXTS (REJECT_EXTS + .orig .ini .cfg .retry)
// and IGNORED_ALWAYS (dot files, group_vars, host_vars, vars_plugins).
const FOLDER_IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
const FOLDER_IGNORED_NAMES = new Set(['group_vars', 'host_vars', 'vars_plugins']);

const ignoredName = (name: string): boolean => name.startsWith('.') || name.endsWith('~') || NOT_INVENTORY_EXTS.has(extname(name).toLowerCase());
const ignoredInFolder = (name: string): boolean => name.startsWith('.') || FOLDER_IGNORED_NAMES.has(name) || FOLDER_IGNORED_EXTS.some((e) => name.endsWith(e));

/** True for a workspace-relative path that is an inventory by its name or place. */
export function isInventoryByName(relPath: string): boolean {
  const parts = relPath.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (parts.some((p) => p === 'group_vars' || p === 'host_vars' || p === 'node_modules' || p === '.git')) return false;
  if (ignoredName(name)) return false;
  if (/^(inventory|hosts)/.test(name)) return true;
  return parts.slice(0, -1).includes('inventories') && /\.(ini|ya?ml)$/i.test(name);
}

/** The sources in `ansible.cfg` [defaults] `inventory` (or the old `hostfile`), comma-separated. */
export function ansibleCfgInventories(cfgText: string): string[] {
  let section = '';
  let found: string | undefined;
  for (const raw of cfgText.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const s = /^\[([^\]]+)\]$/.exec(line);
    if (s) {
      section = s[1].trim();
      continue;
    }
    const kv = /^([A-Za-z_]+)\s*[=:]\s*(.*)$/.exec(line);
    if (section === 'defaults' && kv && (kv[1] === 'inventory' || (kv[1] === 'hostfile' && found === undefined))) found = kv[2].replace(/\s+[;#].*$/, '');
  }
  return (found ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

const expandHome = (p: string): string => (p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p);

/** Files of an inventory folder, recursively, as Ansible's folder source reads them. */
function folderFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (ignoredInFolder(name)) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...folderFiles(full));
    else if (st.isFile()) out.push(full);
  }
  return out;
}

/** What a workspace offers for discovery. */
export interface DiscoveryInput {
  root: string;
  /** Workspace-relative paths the file search found (any of INVENTORY_INCLUDE_GLOB). */
  found: string[];
  /** Text of `ansible.cfg` at the root, when there is one. */
  ansibleCfg?: string;
  /** Paths from the setting, absolute or relative to the root. */
  configured?: string[];
}

/** Absolute inventory file paths, sorted and unique; named paths that do not exist are left out. */
export function discoverInventories(input: DiscoveryInput): string[] {
  const out = new Set<string>();
  for (const rel of input.found) if (isInventoryByName(rel)) out.add(resolve(input.root, rel));
  const named = [...(input.ansibleCfg ? ansibleCfgInventories(input.ansibleCfg) : []), ...(input.configured ?? [])];
  for (const p of named) {
    // An inline host list (`web1,web2,`) is not a file.
    if (p.includes(',')) continue;
    const abs = resolve(input.root, expandHome(p));
    if (!isAbsolute(abs) || !existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) for (const f of folderFiles(abs)) out.add(f);
    else out.add(abs);
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Short label of an inventory file: its path relative to the root. */
export function inventoryLabel(root: string, file: string): string {
  return file.startsWith(root + sep) ? file.slice(root.length + 1) : basename(file);
}
