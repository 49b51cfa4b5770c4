import type { CliIO } from './CliCommand.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../core/version.js';
import { maskError } from '../core/runner/masking/knownSecrets.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `ansflow ${VERSION} — run and check AnsFlow pipelines\n\nUsage: ansflow <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'ansflow <command> --help' for a command's options.\n`;
}

/** Dispatches argv (without node and script) to a subcommand; returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`ansflow ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`ansflow: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (caught) {
    // Masked with the secrets of the runs this process made: the message may quote one.
    const e = maskError(caught);
    // A bug, not a user error: say so briefly; the stack only with ANSFLOW_DEBUG.
    io.stderr.write(`ansflow ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env.ANSFLOW_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return 3;
  }
}
