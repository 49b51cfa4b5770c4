// Mirrors Ansible's INI inventory plugin (lib/ansible/plugins/inventory/ini.py, ansible-core 2.14):
// one pass, `[group]`, `[group:vars]`, `[group:children]`, children declared before their group,
// inline host variables through Python-literal coercion, host ranges and `host:port`.
import { InventoryData } from './InventoryData.js';
import { expandHostPattern } from './hostPattern.js';
import { parsePythonLiteral } from './pythonLiteral.js';
import { pySplitLines, pyStrip } from './pyText.js';
import { shlexSplit } from '../../../util/shlexSplit.js';

/** Why an inventory source could not be parsed, with the 1-based line (Ansible's `path:line:` prefix). */
export class InventoryParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'InventoryParseError';
  }
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

interface Pending {
  line: number;
  state: string;
  name: string;
  parents: string[];
}

/** Parses INI inventory text into `inv` (throws {@link InventoryParseError} like the plugin fails). */
export function parseIniInventory(text: string, inv: InventoryData = new InventoryData()): InventoryData {
  const pending = new Map<string, Pending>();
  let groupname = 'ungrouped';
  let state = 'hosts';
  const lines = pySplitLines(text);
  for (let n = 0; n < lines.length; n++) {
    const lineno = n + 1;
    const fail = (msg: string): never => {
      throw new InventoryParseError(msg, lineno);
    };
    const line = pyStrip(lines[n]);
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const m = SECTION.exec(line);
    if (m) {
      groupname = m[1];
      state = m[2] ?? 'hosts';
      if (!['hosts', 'children', 'vars'].includes(state)) fail(`Section [${m[1]}:${m[2]}] has unknown type: ${state}`);
      if (!inv.groups.has(groupname)) {
        if (state === 'vars' && !pending.has(groupname)) pending.set(groupname, { line: lineno, state, name: groupname, parents: [] });
        inv.addGroup(groupname);
      }
      const p = pending.get(groupname);
      if (p && state !== 'vars') {
        if (p.state === 'children') addPendingChildren(inv, groupname, pending);
        else if (p.state === 'vars') pending.delete(groupname);
      }
      continue;
    } else if (line.startsWith('[') && line.endsWith(']')) {
      fail(`Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`);
    }
    if (state === 'hosts') {
      let tokens: string[];
      try {
        tokens = shlexSplit(line, { comments: true });
      } catch (e) {
        return fail(`Error parsing host definition '${line}': ${(e as Error).message}`);
      }
      if (tokens.length === 0) continue;
      let expanded: { hosts: string[]; port?: number };
      try {
        expanded = expandHostPattern(tokens[0]);
      } catch (e) {
        return fail((e as Error).message);
      }
      const vars: Array<[string, ReturnType<typeof parsePythonLiteral>]> = [];
      for (const t of tokens.slice(1)) {
        const eq = t.indexOf('=');
        if (eq < 0) fail(`Expected key=value host variable assignment, got: ${t}`);
        vars.push([t.slice(0, eq), parsePythonLiteral(t.slice(eq + 1))]);
      }
      for (const h of expanded.hosts) {
        const host = inv.addHost(h, groupname, expanded.port);
        for (const [k, v] of vars) inv.setHostLineVariable(host, k, v);
      }
    } else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) fail(`Expected key=value, got: ${line}`);
      inv.addGroup(groupname).setVariable(pyStrip(line.slice(0, eq)), parsePythonLiteral(pyStrip(line.slice(eq + 1))));
    } else {
      const cm = GROUP_NAME.exec(line);
      if (!cm) return fail(`${line} is not a valid group name`);
      const child = cm[1];
      if (!inv.groups.has(child)) {
        const p = pending.get(child);
        if (!p) pending.set(child, { line: lineno, state, name: child, parents: [groupname] });
        else p.parents.push(groupname);
      } else {
        try {
          inv.addChild(groupname, child);
        } catch (e) {
          fail((e as Error).message);
        }
      }
    }
  }
  for (const d of pending.values()) {
    if (d.state === 'vars') throw new InventoryParseError(`Section [${d.name}:vars] not valid for undefined group: ${d.name}`, d.line);
    if (d.state === 'children') throw new InventoryParseError(`Section [${d.parents[d.parents.length - 1]}:children] includes undefined group: ${d.name}`, d.line);
  }
  return inv;
}

function addPendingChildren(inv: InventoryData, group: string, pending: Map<string, Pending>): void {
  for (const parent of pending.get(group)!.parents) {
    inv.addChild(parent, group);
    const pp = pending.get(parent);
    if (pp && pp.state === 'children') addPendingChildren(inv, parent, pending);
  }
  pending.delete(group);
}
