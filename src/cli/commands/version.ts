import type { CliCommand } from '../CliCommand.js';
import { VERSION } from '../../core/version.js';

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'Print the AnsFlow version',
  usage: 'ansflow version',
  async run(_argv, io) {
    io.stdout.write(`ansflow ${VERSION}\n`);
    return 0;
  },
};
