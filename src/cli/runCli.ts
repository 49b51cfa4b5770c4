import type { CliIO } from './CliCommand.js';
import { COMMANDS } from './commands/index.js';
import { errorText, internalErrorText } from './command/index.js';
import { VERSION } from '../core/version.js';
import { closestName } from '../core/pipeline/index.js';
import { completeSteps } from './completion/completeSteps.js';
import { COMPLETE_STEPS_COMMAND } from './completion/completionModel.js';
import { maskError } from '../core/runner/masking/knownSecrets.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `ansflow ${VERSION} — run and check AnsFlow pipelines\n\nUsage: ansflow <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nOptions:\n  --debug    print the stack trace when ansflow hits an internal error\n  --version  print the version\n\nRun 'ansflow <command> --help' (or 'ansflow help <command>') for a command's options and exit codes.\n`;
}

/** Dispatches argv (without node and script) to a subcommand; returns the exit code. */
export async function runCli(argv0: string[], io: CliIO): Promise<number> {
  // --debug is global: it only decides whether an internal error prints its stack.
  const debug = argv0.includes('--debug') || !!io.env.ANSFLOW_DEBUG;
  const argv = argv0.filter((a) => a !== '--debug');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || (name === 'help' && !rest.length)) {
    io.stdout.write(help());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`ansflow ${VERSION}\n`);
    return 0;
  }
  // Hidden: called by the completion scripts on Tab, so it is in no help and never fails.
  if (name === COMPLETE_STEPS_COMMAND) return completeSteps(rest, io);
  const wanted = name === 'help' ? rest[0]! : name;
  const command = COMMANDS.find((c) => c.name === wanted);
  if (!command) {
    const near = closestName(wanted, COMMANDS.map((c) => c.name));
    io.stderr.write(errorText([`unknown command '${wanted.length > 80 ? `${wanted.slice(0, 79)}…` : wanted}'`], `${near ? `did you mean '${near}'? ` : ''}see 'ansflow --help' for the commands`));
    return 2;
  }
  if (name === 'help') {
    io.stdout.write(command.help());
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (caught) {
    // Masked with the secrets of the runs this process made: the message may quote one.
    const e = maskError(caught);
    // A bug, not a user error: say so in one line; the stack only with --debug (or ANSFLOW_DEBUG).
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    else io.stderr.write(internalErrorText(e, command.name));
    return 3;
  }
}
