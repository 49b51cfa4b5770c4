// Mirrors Ansible's YAML inventory plugin (lib/ansible/plugins/inventory/yaml.py, ansible-core 2.14):
// top-level groups, each a mapping of `hosts`, `vars`, `children`; a string section is a one-key mapping.
import { parse as parseYaml, type ScalarTag, type Tags } from 'yaml';
import { InventoryData } from './InventoryData.js';
import { InventoryParseError } from './parseIniInventory.js';
import { expandHostPattern } from './hostPattern.js';
import type { JsonValue } from './pythonLiteral.js';

/** Thrown when a YAML file is an inventory *plugin* configuration; only `ansible-inventory` can run it. */
export class InventoryPluginConfigError extends InventoryParseError {}

// PyYAML's booleans: unlike the YAML 1.1 spec, a lone `y`/`n` stays a string.
const pyTrue: ScalarTag = { identify: (v) => v === true, default: true, tag: 'tag:yaml.org,2002:bool', test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, resolve: () => true };
const pyFalse: ScalarTag = { identify: (v) => v === false, default: true, tag: 'tag:yaml.org,2002:bool', test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, resolve: () => false };

// Dates print as their source text in `ansible-inventory` output, so timestamps stay strings.
const pyTags = (tags: Tags): Tags => [pyTrue, pyFalse, ...tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:bool' && t.tag !== 'tag:yaml.org,2002:timestamp'))];

/** Parses YAML text with the YAML 1.1 rules PyYAML applies (yes/no/on/off booleans, 0777 octals). */
export function parseAnsibleYaml(text: string): unknown {
  return parseYaml(text, { version: '1.1', schema: 'yaml-1.1', customTags: pyTags, uniqueKeys: false, merge: true, maxAliasCount: -1 });
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a YAML (or JSON) inventory into `inv`; throws {@link InventoryParseError} where the plugin fails. */
export function parseYamlInventory(text: string, inv: InventoryData = new InventoryData(), parsed?: unknown): InventoryData {
  let data: unknown = parsed;
  if (data === undefined) {
    try {
      data = parseAnsibleYaml(text);
    } catch (e) {
      throw new InventoryParseError(`Syntax Error while loading YAML: ${(e as Error).message}`, (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line);
    }
  }
  if (data === null || data === undefined) throw new InventoryParseError('Parsed empty YAML file');
  if (!isMap(data)) throw new InventoryParseError(`YAML inventory has invalid structure, it should be a dictionary, got: ${Array.isArray(data) ? 'list' : typeof data}`);
  if ('plugin' in data) throw new InventoryPluginConfigError('Plugin configuration YAML file, not YAML inventory');
  for (const [name, body] of Object.entries(data)) parseGroup(inv, name, body);
  return inv;
}

function parseGroup(inv: InventoryData, name: string, body: unknown): string {
  if (!(isMap(body) || body === null)) return name; // Ansible warns and skips it.
  inv.addGroup(name);
  if (body === null) return name;
  for (const section of ['vars', 'children', 'hosts']) {
    if (section in body) {
      if (typeof body[section] === 'string') body[section] = { [body[section] as string]: null };
      if (!(isMap(body[section]) || body[section] === null)) {
        throw new InventoryParseError(`Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${typeof body[section]}" instead.`);
      }
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (!isMap(value)) continue; // not a mapping, or empty: skipped with a warning by Ansible
    if (key === 'vars') {
      for (const [k, v] of Object.entries(value)) inv.addGroup(name).setVariable(k, v as JsonValue);
    } else if (key === 'children') {
      for (const [sub, subBody] of Object.entries(value)) {
        const child = parseGroup(inv, sub, subBody);
        try {
          inv.addChild(name, child);
        } catch (e) {
          throw new InventoryParseError((e as Error).message);
        }
      }
    } else if (key === 'hosts') {
      for (const [pattern, hostVars] of Object.entries(value)) {
        let expanded: { hosts: string[]; port?: number };
        try {
          expanded = expandHostPattern(pattern);
        } catch (e) {
          throw new InventoryParseError((e as Error).message);
        }
        for (const h of expanded.hosts) {
          const host = inv.addHost(h, name, expanded.port);
          if (isMap(hostVars)) for (const [k, v] of Object.entries(hostVars)) host.vars[k] = v as JsonValue;
        }
      }
    }
  }
  return name;
}
