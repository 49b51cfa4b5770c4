// `ansflow inventory <file>`: an Ansible inventory as `ansible-inventory --list` JSON or `--graph`
// text, parsed natively (ansible-inventory is used only for scripts, plugin configs and folders).
// Exit codes: 0 ok, 1 the inventory could not be read, 2 usage.
import { resolve } from 'node:path';
import { defineCommand, EXIT, failure } from '../command/index.js';
import { loadInventory, stringifyInventoryList } from '../../core/clients/ansible/index.js';
import { runToolCommand } from '../../core/clients/ansible/runToolCommand.js';

/** Prints an inventory in ansible-inventory's shapes. */
export const inventoryCommand = defineCommand({
  name: 'inventory',
  summary: 'Show an Ansible inventory as ansible-inventory --list JSON or --graph',
  description: 'Environment: ANSFLOW_ANSIBLE_PATH, the folder holding ansible-inventory when it is not on PATH.',
  args: [{ name: 'file', help: 'an inventory file (INI or YAML; scripts, plugin configs and folders go through ansible-inventory)' }],
  options: { 'native-only': { type: 'boolean', help: 'parse files here only; never run ansible-inventory (scripts, plugin configs and folders then fail)' } },
  format: {
    choices: ['json', 'graph'],
    help: 'json as ansible-inventory --list, graph as --graph',
    aliases: { list: { value: 'json', help: 'same as --format json, spelled as ansible-inventory does' }, graph: { value: 'graph', help: 'same as --format graph, spelled as ansible-inventory does' } },
  },
  examples: [{ command: 'ansflow inventory inventories/prod.ini --graph', about: 'the group tree, as ansible-inventory --graph prints it' }],
  exitCodes: { 0: 'printed', 1: 'the inventory could not be read or parsed' },
  async run({ args, options, format }, io) {
    const file = resolve(io.cwd, args.file);
    const bin = io.env.ANSFLOW_ANSIBLE_PATH ? resolve(io.env.ANSFLOW_ANSIBLE_PATH, 'ansible-inventory') : undefined;
    const r = await loadInventory(file, { run: options['native-only'] ? undefined : (cmd) => runToolCommand(cmd), ansibleInventory: bin });
    if (!r.ok) {
      const e = r.error;
      const where = 'line' in e && e.line ? `${file}:${e.line}: ` : `${file}: `;
      return failure(EXIT.failed, `${where}${e.message}`, 'hint' in e && e.hint ? e.hint : undefined);
    }
    io.stdout.write((format === 'graph' ? r.value.graph : stringifyInventoryList(r.value.list)) + '\n');
    return 0;
  },
});
