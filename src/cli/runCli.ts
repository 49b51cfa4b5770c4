import type { CliIO } from './CliCommand.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../core/version.js';
import { maskError } from '../core/runner/masking/knownSecrets.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `ansflow ${VERSION} — run and check AnsFlow pipelines\n\nUsage: ansflow <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nOptions:\n  --debug  print the stack trace when ansflow hits an internal error\n\nRun 'ansflow <command> --help' for a command's options.\n`;
}

/** One line for an unexpected error: its first line, shortened, never a stack or a megabyte of text. */
export function internalErrorLine(prefix: string, e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return `${prefix}: internal error: ${short} (a bug in ansflow; run again with --debug for the stack trace)\n`;
}

/** Dispatches argv (without node and script) to a subcommand; returns the exit code. */
export async function runCli(argv0: string[], io: CliIO): Promise<number> {
  // --debug is global: it only decides whether an internal error prints its stack.
  const debug = argv0.includes('--debug') || !!io.env.ANSFLOW_DEBUG;
  const argv = argv0.filter((a) => a !== '--debug');
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
    // A bug, not a user error: say so in one line; the stack only with --debug (or ANSFLOW_DEBUG).
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    else io.stderr.write(internalErrorLine(`ansflow ${name}`, e));
    return 3;
  }
}
