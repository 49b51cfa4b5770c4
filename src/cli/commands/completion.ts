// `ansflow completion bash|zsh|fish`: a completion script generated from the command declarations.
import { defineCommand, usageError } from '../command/index.js';
import { completionModel } from '../completion/completionModel.js';
import { completionScript, SHELLS, type Shell } from '../completion/completionScripts.js';
// A cycle (the table lists this command), read only when the command runs, after both modules loaded.
import { COMMANDS } from './index.js';

export const completionCommand = defineCommand({
  name: 'completion',
  summary: 'Print a shell completion script (bash, zsh or fish)',
  description: 'Completes commands, options, format choices, pipeline files (*.ansflow.yaml) and the step ids of --from and --approve, read from the pipeline file on the line.',
  args: [{ name: 'shell', help: SHELLS.join(', ') }],
  examples: [
    { command: 'source <(ansflow completion bash)', about: 'enable completion in this bash session (add it to ~/.bashrc to keep it)' },
    { command: 'ansflow completion fish > ~/.config/fish/completions/ansflow.fish', about: 'install for fish' },
  ],
  exitCodes: { 0: 'script printed', 2: "usage error, or a shell other than bash, zsh or fish" },
  async run({ args }, io) {
    if (!(SHELLS as readonly string[]).includes(args.shell)) return usageError(`unknown shell '${args.shell.slice(0, 40)}'; expected ${SHELLS.join(', ')}`);
    io.stdout.write(completionScript(args.shell as Shell, completionModel(COMMANDS)));
    return 0;
  },
});
