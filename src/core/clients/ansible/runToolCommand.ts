// Runs an Ansible ToolCommand (built elsewhere as data) through core's process runner
// (src/core/process): own process group, SIGTERM then SIGKILL on cancel, a missing binary named
// with what to install.
import type { ToolCommand } from '../../contracts/StepType.js';
import { defaultInstallHint, runToolCommand as runTool } from '../../process/index.js';

/** Options for {@link runToolCommand}. */
export interface RunToolCommandOptions {
  signal?: AbortSignal;
  forceSignal?: AbortSignal;
  killGraceMs?: number;
  /** Called with each chunk of stdout as it arrives (besides buffering). */
  onStdout?(text: string): void;
  onStderr?(text: string): void;
}

/** Runs `cmd` and hands its output to `cmd.parse`; a missing binary becomes ToolError('tool-not-found'). */
export function runToolCommand<T>(cmd: ToolCommand<T>, options: RunToolCommandOptions = {}): Promise<T> {
  const { onStdout, onStderr, ...rest } = options;
  return runTool(cmd, {
    ...rest,
    installHint: toolHint(cmd.command),
    onOutput: (stream, text) => (stream === 'stdout' ? onStdout?.(text) : onStderr?.(text)),
  });
}

/** What to install for a missing Ansible binary. */
export function toolHint(command: string): string {
  if (/ansible/.test(command)) return 'Install ansible-core (e.g. `pip install ansible-core` or `apt-get install ansible-core`) or set `ansflow.ansiblePath`.';
  return defaultInstallHint(command);
}
