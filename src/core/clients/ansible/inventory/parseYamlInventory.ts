// Mirrors Ansible's YAML inventory plugin (lib/ansible/plugins/inventory/yaml.py, ansible-core 2.14):
// top-level groups, each a mapping of `hosts`, `vars`, `children`; a string section is a one-key mapping.
import { parse as parseYaml, type ScalarTag, type Tags } from 'yaml';
import { InventoryData } from './InventoryData.js';
import { InventoryParseError } from './parseIniInventory.js';
import { expandHostPattern } from './hostPattern.js';
import { parsePythonJson, pyTimestamp } from './ansibleDataText.js';
import type { JsonValue } from './pythonLiteral.js';
import { PyNumber } from './pyNumber.js';

/** Thrown when a YAML file is an inventory *plugin* configuration; only `ansible-inventory` can run it. */
export class InventoryPluginConfigError extends InventoryParseError {}

// PyYAML's implicit resolvers (yaml/resolver.py), which differ from the YAML 1.1 spec the `yaml`
// package follows: a lone `y`/`n` is a string, a float needs a dot (`1e3` and `e1` are strings).
const pyTrue: ScalarTag = { identify: (v) => v === true, default: true, tag: 'tag:yaml.org,2002:bool', test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, resolve: () => true };
const pyFalse: ScalarTag = { identify: (v) => v === false, default: true, tag: 'tag:yaml.org,2002:bool', test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, resolve: () => false };
const sexagesimal = (str: string): number => {
  const sign = str.startsWith('-') ? -1 : 1;
  return sign * str.replace(/^[-+]/, '').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
};
const pyInt: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  resolve(str) {
    const t = str.replace(/_/g, '');
    const u = t.replace(/^[-+]/, '');
    if (u.includes(':')) return sexagesimal(t);
    // Exact digits through BigInt: Python ints have no size limit.
    const n = /^0[0-7]+$/.test(u) ? BigInt(`0o${u.slice(1)}`) : BigInt(u);
    return PyNumber.int(t.startsWith('-') ? -n : n);
  },
};
const pyFloat: ScalarTag = {
  identify: (v) => typeof v === 'number' && !Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  resolve(str) {
    const t = str.replace(/_/g, '');
    if (/inf$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/nan$/i.test(t)) return NaN;
    if (t.includes(':')) return PyNumber.float(sexagesimal(t));
    return PyNumber.float(Number(t));
  },
};
const REPLACED = new Set(['tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

// A vault-encrypted value stays encrypted: `ansible-inventory` prints it as `{"__ansible_vault": text}`
// and nothing here ever decrypts it. `!unsafe` text is a plain string in inventory output.
const vaultTag: ScalarTag = { tag: '!vault', resolve: (str) => ({ __ansible_vault: str }) as unknown as string };
const unsafeTag: ScalarTag = { tag: '!unsafe', resolve: (str) => str };

/** True for a value read from a `!vault` tag (an encrypted value, never decrypted). */
export function isVaultValue(v: unknown): v is { __ansible_vault: string } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { __ansible_vault?: unknown }).__ansible_vault === 'string' && Object.keys(v).length === 1;
}

// Timestamps become the text Python's isoformat() prints, as `ansible-inventory` shows them.
const pyTags = (tags: Tags): Tags => [pyTrue, pyFalse, pyInt, pyFloat, pyTimestamp, vaultTag, unsafeTag, ...tags.filter((t) => typeof t === 'string' || !REPLACED.has(t.tag))];

/** Parses a data file like Ansible: JSON first, else YAML with the YAML 1.1 rules PyYAML applies (yes/no/on/off booleans, 0777 octals). */
export function parseAnsibleYaml(text: string, mapAsMap = false): unknown {
  // Ansible's DataLoader tries json.loads before YAML.
  const json = parsePythonJson(text, mapAsMap);
  if (json) return json.value;
  return parseYaml(text, { version: '1.1', schema: 'yaml-1.1', customTags: pyTags, uniqueKeys: false, merge: true, maxAliasCount: -1, mapAsMap });
}

/** Plain JSON data from a Map-based parse (mappings become objects). */
export function mapsToPlain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), mapsToPlain(x)]));
  if (Array.isArray(v)) return v.map(mapsToPlain);
  return v;
}

// Mappings are parsed as Maps: plain objects would list integer-like keys (host `123`) first,
// while Ansible keeps the file's order.
type YMap = Map<unknown, unknown>;
const isMap = (v: unknown): v is YMap => v instanceof Map;

/** Parses a YAML (or JSON) inventory into `inv`; throws {@link InventoryParseError} where the plugin fails. */
export function parseYamlInventory(text: string, inv: InventoryData = new InventoryData(), parsed?: unknown): InventoryData {
  let data: unknown = parsed;
  if (data === undefined) {
    try {
      data = parseAnsibleYaml(text, true);
    } catch (e) {
      throw new InventoryParseError(`Syntax Error while loading YAML: ${(e as Error).message}`, (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line);
    }
  }
  if (data === null || data === undefined) throw new InventoryParseError('Parsed empty YAML file');
  if (!isMap(data)) throw new InventoryParseError(`YAML inventory has invalid structure, it should be a dictionary, got: ${Array.isArray(data) ? 'list' : typeof data}`);
  if (data.has('plugin')) throw new InventoryPluginConfigError('Plugin configuration YAML file, not YAML inventory');
  for (const [name, body] of data) parseGroup(inv, String(name), body);
  return inv;
}

/** A YAML value as Python would print it in Ansible's messages (`123`, `True`, `None`). */
function yamlScalarText(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return typeof v === 'object' && !(v instanceof PyNumber) ? JSON.stringify(mapsToPlain(v)) : String(v);
}

function parseGroup(inv: InventoryData, name: string, body: unknown): string {
  if (!(isMap(body) || body === null)) return name; // Ansible warns and skips it.
  inv.addGroup(name);
  if (body === null) return name;
  for (const section of ['vars', 'children', 'hosts']) {
    if (body.has(section)) {
      const v = body.get(section);
      if (typeof v === 'string') body.set(section, new Map([[v, null]]));
      else if (!(isMap(v) || v === null)) {
        throw new InventoryParseError(`Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${typeof v}" instead.`);
      }
    }
  }
  for (const [key, value] of body) {
    if (!isMap(value)) continue; // not a mapping, or empty: skipped with a warning by Ansible
    if (key === 'vars') {
      for (const [k, v] of value) inv.addGroup(name).setVariable(String(k), mapsToPlain(v) as JsonValue);
    } else if (key === 'children') {
      for (const [sub, subBody] of value) {
        const child = parseGroup(inv, String(sub), subBody);
        // A skipped (non-mapping) child that names no group: Ansible's add_child takes a host of that
        // name into the group, and refuses anything else.
        if (!inv.groups.has(child)) {
          const host = inv.hosts.get(child);
          if (!host) throw new InventoryParseError(`${child} is not a known host nor group`);
          inv.addHost(child, name);
          continue;
        }
        try {
          inv.addChild(name, child);
        } catch (e) {
          throw new InventoryParseError((e as Error).message);
        }
      }
    } else if (key === 'hosts') {
      for (const [pattern, hostVars] of value) {
        if (typeof pattern !== 'string') throw new InventoryParseError(`Host pattern ${yamlScalarText(pattern)} must be a string. Enclose integers/floats in quotation marks.`);
        // `group_data[key][host_pattern] or {}`: a falsy value means no variables; other non-mappings fail.
        if (hostVars && !isMap(hostVars)) throw new InventoryParseError(`Invalid data from file, expected dictionary and got: ${yamlScalarText(hostVars)}`);
        let expanded: { hosts: string[]; port?: number };
        try {
          expanded = expandHostPattern(String(pattern));
        } catch (e) {
          throw new InventoryParseError((e as Error).message);
        }
        for (const h of expanded.hosts) {
          const host = inv.addHost(h, name, expanded.port);
          if (isMap(hostVars)) for (const [k, v] of hostVars) inv.setHostLineVariable(host, String(k), mapsToPlain(v) as JsonValue);
        }
      }
    }
  }
  return name;
}
