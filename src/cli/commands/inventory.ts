// `ansflow inventory <file>`: an Ansible inventory as `ansible-inventory --list` JSON or `--graph`
// text, parsed natively (ansible-inventory is used only for scripts, plugin configs and folders).
// Exit codes: 0 ok, 1 the inventory could not be read, 2 usage.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../CliCommand.js';
import { loadInventory, stringifyInventoryList } from '../../core/clients/ansible/index.js';
import { runToolCommand } from '../../core/clients/ansible/runToolCommand.js';

// One table feeds both the parser and `--help`, so the help lists exactly what is accepted.
const OPTIONS = {
  format: { type: 'string', short: 'f', help: 'json (as ansible-inventory --list, the default) or graph (as --graph)' },
  list: { type: 'boolean', help: 'same as --format json, spelled as ansible-inventory does' },
  graph: { type: 'boolean', help: 'same as --format graph, spelled as ansible-inventory does' },
  'native-only': { type: 'boolean', help: 'parse files here only; never run ansible-inventory (scripts, plugin configs and folders then fail)' },
} as const;

const USAGE = [
  'ansflow inventory <file> [options]',
  '',
  'Options:',
  ...Object.entries(OPTIONS).map(([name, o]) => `  ${'short' in o ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <value>' : ''}`.padEnd(30) + o.help),
  '',
  'Environment: ANSFLOW_ANSIBLE_PATH, the folder holding ansible-inventory when it is not on PATH.',
].join('\n');

/** `json` or `graph` from --format / --list / --graph, or a usage error when they disagree. */
function chooseFormat(values: { format?: string; list?: boolean; graph?: boolean }): string | { error: string } {
  const asked = [values.format, values.list ? 'json' : undefined, values.graph ? 'graph' : undefined].filter((f): f is string => f !== undefined);
  if (asked.some((f) => f !== 'json' && f !== 'graph')) return { error: `--format expects json or graph, got '${values.format}'` };
  if (new Set(asked).size > 1) return { error: 'choose one of --list (json) and --graph' };
  return asked[0] ?? 'json';
}

/** Prints an inventory in ansible-inventory's shapes. */
export const inventoryCommand: CliCommand = {
  name: 'inventory',
  summary: 'Show an Ansible inventory as ansible-inventory --list JSON or --graph',
  usage: USAGE,
  async run(argv, io) {
    let values: { format?: string; list?: boolean; graph?: boolean; 'native-only'?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS }));
    } catch (e) {
      io.stderr.write(`${(e as Error).message}\nusage: ${USAGE}\n`);
      return 2;
    }
    const format = chooseFormat(values);
    if (positionals.length !== 1 || typeof format !== 'string') {
      io.stderr.write(`${typeof format !== 'string' ? `ansflow inventory: ${format.error}\n` : ''}usage: ${USAGE}\n`);
      return 2;
    }
    const file = resolve(io.cwd, positionals[0]);
    const bin = io.env.ANSFLOW_ANSIBLE_PATH ? resolve(io.env.ANSFLOW_ANSIBLE_PATH, 'ansible-inventory') : undefined;
    const r = await loadInventory(file, { run: values['native-only'] ? undefined : (cmd) => runToolCommand(cmd), ansibleInventory: bin });
    if (!r.ok) {
      const e = r.error;
      const where = 'line' in e && e.line ? `${file}:${e.line}: ` : `${file}: `;
      io.stderr.write(`${where}error: ${e.message}\n`);
      if ('hint' in e && e.hint) io.stderr.write(`hint: ${e.hint}\n`);
      return 1;
    }
    io.stdout.write((format === 'graph' ? r.value.graph : stringifyInventoryList(r.value.list)) + '\n');
    return 0;
  },
};
