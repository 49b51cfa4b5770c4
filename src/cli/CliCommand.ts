import type { ArgSpec, FormatSpec, OptionSpecs } from './command/optionTypes.js';

/** The parts of a command's declaration that shape its command line. */
export interface CommandDeclaration {
  options: OptionSpecs;
  args: readonly ArgSpec[];
  format?: FormatSpec<string>;
}

/** One `ansflow <name>` subcommand as the dispatcher sees it; build one with `defineCommand`. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Every exit code the command can end with, and what it means (the docs table is checked against it). */
  exitCodes: Readonly<Record<number, string>>;
  help(): string;
  /** What the command line accepts, for generated shell completion. */
  declaration?: CommandDeclaration;
  /** Returns the process exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Where a command writes; tests pass buffers, the real CLI passes the process streams. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
}
