// The Ansible Inventories tree as plain data: inventory file > `all` > groups (nested children, then
// hosts, in inventory order as `ansible-inventory --graph` shows them) > host > merged variables with
// their origin. Parsing is lazy and cached per file until invalidate(); rows below a file are only
// built when that node is expanded, so a large inventory costs one parse for its first level.
import { readFileSync } from 'node:fs';
import { dirname, extname, relative } from 'node:path';
import type { InventoryData, InventoryGroup, InventoryHost } from '../../clients/ansible/inventory/InventoryData.js';
import { nativeUnsupportedReason, parseInventoryData } from '../../clients/ansible/inventory/loadInventory.js';
import { InventoryParseError } from '../../clients/ansible/inventory/parseIniInventory.js';
import { InventoryPluginConfigError, parseAnsibleYaml } from '../../clients/ansible/inventory/parseYamlInventory.js';
import { groupHosts, selectHosts, HostPatternError } from '../../clients/ansible/inventory/selectHosts.js';
import { inventoryLabel } from './discoverInventories.js';
import { locateIni, locateYaml, type InventoryLines } from './locateDefinitions.js';
import { mergeHostVars, VarsFilesWithLines, type InventorySource, type MergedHostVars, type Origin } from './mergedHostVars.js';
import { formatVarValue } from './formatVarValue.js';

/** Fields every row has; `contextValue` drives the menus. */
interface RowBase {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  contextValue: string;
  icon: string;
  /** Where a click (or "Open Definition") goes; groups and hosts are located on demand (see definition()). */
  open?: Origin;
}

export interface FileRow extends RowBase {
  kind: 'file';
  file: string;
}
export interface GroupRow extends RowBase {
  kind: 'group';
  file: string;
  name: string;
  /** The host pattern that selects this node. */
  pattern: string;
}
export interface HostRow extends RowBase {
  kind: 'host';
  file: string;
  name: string;
  pattern: string;
}
export interface VarRow extends RowBase {
  kind: 'var';
  file: string;
  host: string;
  key: string;
  encrypted: boolean;
}
export interface NoteRow extends RowBase {
  kind: 'note';
}

/** One row of the tree. */
export type InventoryRow = FileRow | GroupRow | HostRow | VarRow | NoteRow;

/** A parsed inventory file, or why it is not shown. */
type Parsed = { ok: true; source: InventorySource } | { ok: false; message: string; line?: number };

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** See the file comment. Usage: `model.setFiles(paths); model.roots(); model.children(row)`. */
export class InventoryTreeModel {
  private files: string[] = [];
  private readonly parsed = new Map<string, Parsed>();

  constructor(
    private readonly root: string,
    private readonly readText: (file: string) => string = (f) => readFileSync(f, 'utf8'),
  ) {}

  /** Replaces the list of inventory files (from discovery). */
  setFiles(files: string[]): void {
    this.files = [...files];
    for (const f of [...this.parsed.keys()]) if (!this.files.includes(f)) this.parsed.delete(f);
  }

  /** Forgets every parse (a file, group_vars/ or host_vars/ changed). */
  invalidate(): void {
    this.parsed.clear();
  }

  /** The parsed inventory of a file (cached). */
  parse(file: string): Parsed {
    let p = this.parsed.get(file);
    if (!p) {
      p = this.load(file);
      this.parsed.set(file, p);
    }
    return p;
  }

  private load(file: string): Parsed {
    let reason: string | undefined;
    try {
      reason = nativeUnsupportedReason(file);
    } catch {
      return { ok: false, message: 'file not found' };
    }
    if (reason) return { ok: false, message: `${reason}: only ansible-inventory can read it` };
    let text: string;
    try {
      text = this.readText(file);
    } catch (e) {
      return { ok: false, message: `cannot read: ${(e as Error).message}` };
    }
    try {
      const data = parseInventoryData(file, text);
      let lines: InventoryLines | undefined;
      const locate = (): InventoryLines => (lines ??= isYamlSource(file, text) ? locateYaml(text) : locateIni(text));
      return { ok: true, source: { file, data, lines: locate, varsFiles: new VarsFilesWithLines(dirname(file)) } };
    } catch (e) {
      if (e instanceof InventoryPluginConfigError) return { ok: false, message: 'inventory plugin configuration: only ansible-inventory can read it' };
      if (e instanceof InventoryParseError) return { ok: false, message: e.message, line: e.line };
      return { ok: false, message: (e as Error).message };
    }
  }

  /** The first level: one row per inventory file. */
  roots(): InventoryRow[] {
    return this.files.map((file) => this.fileRow(file));
  }

  private fileRow(file: string): FileRow {
    const label = inventoryLabel(this.root, file);
    const p = this.parse(file);
    const base = { kind: 'file' as const, id: `inv:${file}`, label, file, icon: 'file', open: { file, line: 1 } };
    if (!p.ok) return { ...base, description: p.line ? `line ${p.line}: ${p.message}` : p.message, tooltip: `${label}\n${p.message}`, collapsible: 'none', contextValue: 'ansflow.inventory.invalid', icon: 'warning', open: { file, line: p.line ?? 1 } };
    const d = p.source.data;
    const groups = d.groups.size - 2; // all and ungrouped are always there
    return { ...base, description: `${plural(groups, 'group')} · ${plural(d.hosts.size, 'host')}`, tooltip: file, collapsible: 'collapsed', contextValue: 'ansflow.inventory.file' };
  }

  /** The rows under `row`. */
  children(row: InventoryRow): InventoryRow[] {
    if (row.kind === 'file') {
      const p = this.parse(row.file);
      return p.ok ? [this.groupRow(p.source, p.source.data.groups.get('all')!, row.id)] : [];
    }
    if (row.kind === 'group') {
      const p = this.parse(row.file);
      const g = p.ok ? p.source.data.groups.get(row.name) : undefined;
      if (!p.ok || !g) return [];
      const kids: InventoryRow[] = g.children.map((c) => this.groupRow(p.source, c, row.id));
      // Ansible's graph lists no hosts directly under `all`: they appear under `ungrouped` or their groups.
      if (g.name !== 'all') for (const h of g.hosts) kids.push(this.hostRow(p.source, h, row.id));
      return kids;
    }
    if (row.kind === 'host') {
      const p = this.parse(row.file);
      const h = p.ok ? p.source.data.hosts.get(row.name) : undefined;
      return p.ok && h ? this.varRows(p.source, h, row.id) : [];
    }
    return [];
  }

  private groupRow(src: InventorySource, g: InventoryGroup, parentId: string): GroupRow {
    const n = g.name === 'all' ? src.data.hosts.size : groupHosts(g).length;
    return {
      kind: 'group',
      id: `${parentId}/g:${g.name}`,
      label: g.name,
      file: src.file,
      name: g.name,
      pattern: g.name,
      description: plural(n, 'host'),
      tooltip: `@${g.name}: ${plural(n, 'host')}${g.children.length ? `, ${plural(g.children.length, 'child group')}` : ''}`,
      collapsible: g.name === 'all' ? 'expanded' : g.children.length || g.hosts.length ? 'collapsed' : 'none',
      contextValue: 'ansflow.inventory.group',
      icon: 'folder-library',
    };
  }

  private hostRow(src: InventorySource, h: InventoryHost, parentId: string): HostRow {
    const address = h.vars.ansible_host;
    const port = h.vars.ansible_port;
    const description = address !== undefined ? `${String(address)}${port !== undefined ? `:${String(port)}` : ''}` : port !== undefined ? `port ${String(port)}` : undefined;
    return {
      kind: 'host',
      id: `${parentId}/h:${h.name}`,
      label: h.name,
      file: src.file,
      name: h.name,
      pattern: h.name,
      description,
      tooltip: `${h.name} (groups: ${h.groups.map((g) => g.name).join(', ')})`,
      collapsible: 'collapsed',
      contextValue: 'ansflow.inventory.host',
      icon: 'server',
    };
  }

  /** Where a row is written: its own `open`, or for a group or host the line that first names it. */
  definition(row: InventoryRow): Origin | undefined {
    if (row.open) return row.open;
    if (row.kind !== 'group' && row.kind !== 'host') return undefined;
    const p = this.parse(row.file);
    if (!p.ok) return { file: row.file, line: 1 };
    const lines = p.source.lines();
    const at = row.kind === 'group' ? lines.groups.get(row.name) : lines.hosts.get(row.name);
    return { file: row.file, line: at?.line ?? 1 };
  }

  /** A host's merged variables, with the files that could not be merged as notes. */
  hostVars(file: string, host: string): MergedHostVars | undefined {
    const p = this.parse(file);
    const h = p.ok ? p.source.data.hosts.get(host) : undefined;
    return p.ok && h ? mergeHostVars(p.source, h) : undefined;
  }

  private varRows(src: InventorySource, h: InventoryHost, parentId: string): InventoryRow[] {
    const m = mergeHostVars(src, h);
    const dir = dirname(src.file);
    const where = (o: Origin): string => `${relative(dir, o.file) || o.file}:${o.line}`;
    const rows: InventoryRow[] = m.vars.map((v) => {
      const text = formatVarValue(v.value);
      return {
        kind: 'var',
        id: `${parentId}/v:${v.key}`,
        label: v.key,
        file: src.file,
        host: h.name,
        key: v.key,
        encrypted: v.encrypted,
        description: `${text.short} · ${where(v.origin)}`,
        tooltip: `${v.key} = ${text.full}\nfrom ${where(v.origin)}`,
        collapsible: 'none',
        contextValue: v.encrypted ? 'ansflow.inventory.var.encrypted' : 'ansflow.inventory.var',
        icon: v.encrypted ? 'lock' : 'symbol-variable',
        open: v.origin,
      };
    });
    for (const u of m.unread)
      rows.push({ kind: 'note', id: `${parentId}/n:${u.file}`, label: relative(dir, u.file), description: u.message, tooltip: `${u.file}: ${u.message}`, collapsible: 'none', contextValue: 'ansflow.inventory.note', icon: u.reason === 'encrypted' ? 'lock' : 'warning', open: { file: u.file, line: 1 } });
    return rows;
  }

  /** The hosts `pattern` selects in `file`, or Ansible's refusal. */
  select(file: string, pattern: string): { hosts: string[] } | { error: string } {
    const p = this.parse(file);
    if (!p.ok) return { error: p.message };
    try {
      return { hosts: selectHosts(p.source.data, pattern) };
    } catch (e) {
      if (e instanceof HostPatternError) return { error: e.message };
      throw e;
    }
  }

  /** The model of a file, for callers that need more than rows (e.g. completions of group names). */
  data(file: string): InventoryData | undefined {
    const p = this.parse(file);
    return p.ok ? p.source.data : undefined;
  }
}

/** The parser's own choice: YAML by extension, and an extension-less file when it reads as a YAML mapping. */
function isYamlSource(file: string, text: string): boolean {
  const ext = extname(file).toLowerCase();
  if (['.yml', '.yaml', '.json'].includes(ext)) return true;
  if (ext !== '') return false;
  try {
    return parseAnsibleYaml(text, true) instanceof Map;
  } catch {
    return false;
  }
}
