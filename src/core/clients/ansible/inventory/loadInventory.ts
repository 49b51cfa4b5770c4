// Reads an Ansible inventory source natively (INI or YAML file, plus group_vars/ and host_vars/ next
// to it) and falls back to `ansible-inventory` for sources only Ansible can run (scripts, plugin
// configs, folders). Both paths give the same `--list` shape.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { ToolError, type Result, err, ok } from '../../../contracts/result.js';
import type { ToolCommand } from '../../../contracts/StepType.js';
import { InventoryData } from './InventoryData.js';
import { InventoryParseError, parseIniInventory } from './parseIniInventory.js';
import { InventoryPluginConfigError, parseAnsibleYaml, parseYamlInventory } from './parseYamlInventory.js';
import { VarsDirectoryLoader } from './inventoryVars.js';
import { inventoryToGraph, inventoryToList, type InventoryList } from './formatInventory.js';

/** A parsed inventory: the model plus its `--list` and `--graph` renderings. */
export interface LoadedInventory {
  source: string;
  /** `native` when parsed here, `ansible-inventory` when delegated. */
  via: 'native' | 'ansible-inventory';
  list: InventoryList;
  graph: string;
  /** Present for native parses (trees use it for group/host navigation). */
  data?: InventoryData;
}

/** Why a source needs `ansible-inventory`, or undefined when the native parser handles it. */
export function nativeUnsupportedReason(path: string): string | undefined {
  const st = statSync(path);
  if (st.isDirectory()) return 'inventory folder';
  try {
    accessSync(path, constants.X_OK);
    if (st.mode & 0o111) return 'executable inventory script';
  } catch {
    // not executable: a static file
  }
  return undefined;
}

/** Parses inventory text into the model only (no `--list`/`--graph` rendering); throws InventoryParseError. */
export function parseInventoryData(path: string, text: string): InventoryData {
  const inv = new InventoryData();
  const ext = extname(path).toLowerCase();
  if (['.yml', '.yaml', '.json'].includes(ext)) parseYamlInventory(text, inv);
  else if (ext === '') {
    // Ansible tries the YAML plugin first for extension-less files; INI if that fails.
    let y: unknown;
    try {
      y = parseAnsibleYaml(text, true);
    } catch {
      y = undefined;
    }
    if (y instanceof Map) parseYamlInventory(text, inv, y);
    else parseIniInventory(text, inv);
  } else parseIniInventory(text, inv);
  inv.reconcile();
  return inv;
}

/** Parses an inventory file natively; a plugin config or script gives ToolError('invalid-input') so callers can fall back. */
export function parseInventoryFile(path: string, text = readFileSync(path, 'utf8')): Result<LoadedInventory, InventoryParseError> {
  try {
    const inv = parseInventoryData(path, text);
    const files = new VarsDirectoryLoader(dirname(path));
    return ok({ source: path, via: 'native', list: inventoryToList(inv, files), graph: inventoryToGraph(inv), data: inv });
  } catch (e) {
    if (e instanceof InventoryParseError) return err(e);
    throw e;
  }
}

/** `ansible-inventory -i SOURCE --list` as data. */
export function getInventoryListCommand(source: string, ansibleInventory = 'ansible-inventory'): ToolCommand<InventoryList> {
  return {
    command: ansibleInventory,
    args: ['-i', source, '--list'],
    env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False' },
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) throw new ToolError('tool-failed', `ansible-inventory failed (exit ${exitCode}): ${stderr.trim()}`);
      try {
        return JSON.parse(stdout) as InventoryList;
      } catch (e) {
        throw new ToolError('tool-failed', 'ansible-inventory printed invalid JSON', undefined, { cause: e });
      }
    },
  };
}

/** `ansible-inventory -i SOURCE --graph [GROUP]` as data. */
export function getInventoryGraphCommand(source: string, group?: string, ansibleInventory = 'ansible-inventory'): ToolCommand<string> {
  return {
    command: ansibleInventory,
    args: ['-i', source, '--graph', ...(group ? [group] : [])],
    env: { ANSIBLE_NOCOLOR: '1' },
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) throw new ToolError('tool-failed', `ansible-inventory failed (exit ${exitCode}): ${stderr.trim()}`);
      return stdout.replace(/\n$/, '');
    },
  };
}

/** Options for {@link loadInventory}. */
export interface LoadInventoryOptions {
  /** Runs a ToolCommand (the fallback); omit to forbid the fallback. */
  run?: <T>(cmd: ToolCommand<T>) => Promise<T>;
  ansibleInventory?: string;
}

/** Loads any inventory source: native first, `ansible-inventory` for scripts, plugins and folders. */
export async function loadInventory(source: string, options: LoadInventoryOptions = {}): Promise<Result<LoadedInventory, InventoryParseError | ToolError>> {
  let reason: string | undefined;
  try {
    reason = nativeUnsupportedReason(source);
  } catch (e) {
    return err(new ToolError('not-found', `Inventory ${source} does not exist`, undefined, { cause: e }));
  }
  if (!reason) {
    const native = parseInventoryFile(source);
    if (native.ok || !(native.error instanceof InventoryPluginConfigError)) return native;
    reason = 'inventory plugin configuration';
  }
  if (!options.run) return err(new ToolError('invalid-input', `${source} is an ${reason}; only ansible-inventory can read it`));
  try {
    const list = await options.run(getInventoryListCommand(source, options.ansibleInventory));
    const graph = await options.run(getInventoryGraphCommand(source, undefined, options.ansibleInventory));
    return ok({ source, via: 'ansible-inventory', list, graph });
  } catch (e) {
    if (e instanceof ToolError) return err(e);
    throw e;
  }
}
