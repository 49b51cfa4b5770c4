// `ansflow inventory <file>`: an Ansible inventory as `ansible-inventory --list` JSON or `--graph`
// text, parsed natively (ansible-inventory is used only for scripts, plugin configs and folders).
// Exit codes: 0 ok, 1 the inventory could not be read, 2 usage.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../CliCommand.js';
import { loadInventory, stringifyInventoryList } from '../../core/clients/ansible/index.js';
import { runToolCommand } from '../../core/clients/ansible/runToolCommand.js';

const USAGE = 'ansflow inventory <file> [--format json|graph] [--native-only]';

/** Prints an inventory in ansible-inventory's shapes. */
export const inventoryCommand: CliCommand = {
  name: 'inventory',
  summary: 'Show an Ansible inventory as ansible-inventory --list JSON or --graph',
  usage: USAGE,
  async run(argv, io) {
    let values: { format?: string; 'native-only'?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', short: 'f', default: 'json' }, 'native-only': { type: 'boolean', default: false } } }));
    } catch (e) {
      io.stderr.write(`${(e as Error).message}\nusage: ${USAGE}\n`);
      return 2;
    }
    if (positionals.length !== 1 || !['json', 'graph'].includes(values.format ?? 'json')) {
      io.stderr.write(`usage: ${USAGE}\n`);
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
    io.stdout.write((values.format === 'graph' ? r.value.graph : stringifyInventoryList(r.value.list)) + '\n');
    return 0;
  },
};
