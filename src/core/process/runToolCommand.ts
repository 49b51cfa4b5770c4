// Runs a ToolCommand (built elsewhere as data, e.g. helmCommands.ts) and hands its output to the
// command's own parse. The client wrappers (helm, ansible) only add their install hint and how
// they stream output.
import type { ToolCommand } from '../contracts/StepType.js';
import { CancellationError, ToolError } from '../contracts/result.js';
import { runProcess } from './runProcess.js';
import type { OutputStream, ProcessOutcome } from './types.js';

/** Options for {@link runToolCommand}. */
export interface ToolRunOptions {
  signal?: AbortSignal;
  forceSignal?: AbortSignal;
  killGraceMs?: number;
  installHint?: string;
  outputLimitBytes?: number;
  /** Each chunk of output as it arrives (besides the capture handed to `parse`). */
  onOutput?(stream: OutputStream, text: string): void;
}

/** The error for an outcome in which the process did not run to an exit; tool calls throw it. */
export function processError(outcome: Exclude<ProcessOutcome, { kind: 'exited' | 'signalled' }>): Error {
  switch (outcome.kind) {
    case 'not-found':
      return new ToolError('tool-not-found', outcome.message, outcome.hint);
    case 'start-failed':
      return new ToolError('tool-failed', outcome.message);
    case 'output-limit':
      return new ToolError('tool-failed', outcome.message, 'Narrow what the command prints (fewer resources, less verbose output).');
    case 'cancelled':
      return outcome.reason instanceof CancellationError ? outcome.reason : new CancellationError();
  }
}

/** Runs `cmd` (its env over process.env) and returns `cmd.parse(stdout, stderr, exitCode)`. */
export async function runToolCommand<T>(cmd: ToolCommand<T>, options: ToolRunOptions = {}): Promise<T> {
  const outcome = await runProcess({
    command: cmd.command,
    args: cmd.args,
    cwd: cmd.cwd,
    env: cmd.env ? { ...process.env, ...cmd.env } : process.env,
    input: cmd.input,
    capture: true,
    ...options,
  });
  if (outcome.kind !== 'exited' && outcome.kind !== 'signalled') throw processError(outcome);
  return cmd.parse(outcome.stdout, outcome.stderr, outcome.exitCode);
}
