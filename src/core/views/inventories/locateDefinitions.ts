// Where each group, host and variable of an inventory file is written (1-based lines), so the tree
// can say where a value comes from and open it. The values themselves come from the inventory
// parser; this pass only walks the same structure again with positions, so it never disagrees with
// Ansible about *what* a value is — at worst it knows no line and the caller falls back to the entry's.
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { expandHostPattern } from '../../clients/ansible/inventory/hostPattern.js';
import { pySplitLines, pyStrip } from '../../clients/ansible/inventory/pyText.js';
import { shlexSplit } from '../../util/shlexSplit.js';

/** Lines of one group or host: where it first appears, and where each variable was last set. */
export interface EntryLines {
  line: number;
  vars: Map<string, number>;
}

/** The lines of every group and host of one inventory file. */
export interface InventoryLines {
  groups: Map<string, EntryLines>;
  hosts: Map<string, EntryLines>;
}

const entry = (m: Map<string, EntryLines>, name: string, line: number): EntryLines => {
  let e = m.get(name);
  if (!e) {
    e = { line, vars: new Map() };
    m.set(name, e);
  }
  return e;
};

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;

/** Lines of an INI inventory (the same line split and sections as the INI parser). */
export function locateIni(text: string): InventoryLines {
  const out: InventoryLines = { groups: new Map(), hosts: new Map() };
  let group = 'ungrouped';
  let state = 'hosts';
  const lines = pySplitLines(text);
  for (let n = 0; n < lines.length; n++) {
    const lineno = n + 1;
    const line = pyStrip(lines[n]);
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const m = SECTION.exec(line);
    if (m) {
      group = m[1];
      state = m[2] ?? 'hosts';
      entry(out.groups, group, lineno);
      continue;
    }
    if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq > 0) entry(out.groups, group, lineno).vars.set(pyStrip(line.slice(0, eq)), lineno);
    } else if (state === 'children') {
      const child = /^([^:\]\s]+)/.exec(line)?.[1];
      if (child) entry(out.groups, child, lineno);
    } else {
      let hosts: string[];
      let keys: string[];
      try {
        const tokens = shlexSplit(line, { comments: true });
        if (!tokens.length) continue;
        hosts = expandHostPattern(tokens[0]).hosts;
        keys = tokens.slice(1).map((t) => t.slice(0, t.indexOf('=')));
      } catch {
        continue; // the parser reports this line; nothing to locate
      }
      for (const h of hosts) {
        const e = entry(out.hosts, h, lineno);
        // A host line named like an existing group sets the group's variables (see setHostLineVariable).
        const owner = out.groups.get(h) ?? e;
        for (const k of keys) owner.vars.set(k, lineno);
      }
    }
  }
  return out;
}

/** A parsed YAML document with a way to turn node offsets into 1-based lines. */
function yamlDoc(text: string): { contents: Node | null; lineOf: (node: Node) => number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true, lineCounter: counter, logLevel: 'silent' });
  return { contents: doc.contents as Node | null, lineOf: (node) => counter.linePos(node.range?.[0] ?? 0).line };
}

const keyText = (k: unknown): string => (isScalar(k) ? String(k.value) : String(k));

/** Lines of a YAML (or JSON) inventory: top-level groups with `hosts`, `vars`, `children`. */
export function locateYaml(text: string): InventoryLines {
  const out: InventoryLines = { groups: new Map(), hosts: new Map() };
  const { contents, lineOf } = yamlDoc(text);
  const walkGroup = (name: string, line: number, body: unknown): void => {
    entry(out.groups, name, line);
    if (!isMap(body)) return;
    for (const item of (body as YAMLMap).items) {
      const section = keyText(item.key);
      const value = item.value;
      if (!isMap(value)) continue;
      for (const sub of value.items) {
        const subLine = lineOf(sub.key as Node);
        const name2 = keyText(sub.key);
        if (section === 'vars') entry(out.groups, name, line).vars.set(name2, subLine);
        else if (section === 'children') walkGroup(name2, subLine, sub.value);
        else if (section === 'hosts') {
          let hosts: string[] = [];
          try {
            hosts = expandHostPattern(name2).hosts;
          } catch {
            // reported by the parser
          }
          for (const h of hosts) {
            const e = entry(out.hosts, h, subLine);
            if (isMap(sub.value)) for (const v of sub.value.items) e.vars.set(keyText(v.key), lineOf(v.key as Node));
          }
        }
      }
    }
  };
  if (isMap(contents)) for (const item of contents.items) walkGroup(keyText(item.key), lineOf(item.key as Node), item.value);
  return out;
}

/** Lines of the top-level keys of a `group_vars`/`host_vars` file. */
export function locateVarsFile(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const { contents, lineOf } = yamlDoc(text);
  if (isMap(contents)) for (const item of contents.items) out.set(keyText(item.key), lineOf(item.key as Node));
  return out;
}
