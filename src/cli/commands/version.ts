import { defineCommand } from '../command/index.js';
import { VERSION } from '../../core/version.js';

export const versionCommand = defineCommand({
  name: 'version',
  summary: 'Print the AnsFlow version',
  format: { choices: ['text', 'json'] },
  examples: [{ command: 'ansflow version --format json', about: 'the version as {"version": "…"}, for scripts' }],
  exitCodes: { 0: 'printed' },
  async run({ format }, io) {
    io.stdout.write(format === 'json' ? `${JSON.stringify({ version: VERSION })}\n` : `ansflow ${VERSION}\n`);
    return 0;
  },
});
