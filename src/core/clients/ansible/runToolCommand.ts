// Runs a ToolCommand (built elsewhere as data) as a child process; the one place this client spawns.
import { spawn } from 'node:child_process';
import { CancellationError, ToolError } from '../../contracts/result.js';
import type { ToolCommand } from '../../contracts/StepType.js';

/** Options for {@link runToolCommand}. */
export interface RunToolCommandOptions {
  signal?: AbortSignal;
  /** Called with each chunk of stdout as it arrives (besides buffering). */
  onStdout?(text: string): void;
  onStderr?(text: string): void;
}

/** Spawns `cmd`, collects output, then hands it to `cmd.parse`; a missing binary becomes ToolError('tool-not-found'). */
export function runToolCommand<T>(cmd: ToolCommand<T>, options: RunToolCommandOptions = {}): Promise<T> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new CancellationError());
  return new Promise<T>((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, {
      cwd: cmd.cwd,
      env: cmd.env ? { ...process.env, ...cmd.env } : process.env,
      stdio: [cmd.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    let stderr = '';
    const onAbort = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      options.onStdout?.(d);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(d);
    });
    if (cmd.input !== undefined) child.stdin!.end(cmd.input);
    child.on('error', (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      if (e.code === 'ENOENT') reject(new ToolError('tool-not-found', `${cmd.command} was not found`, toolHint(cmd.command), { cause: e }));
      else reject(new ToolError('tool-failed', `${cmd.command} could not start: ${e.message}`, undefined, { cause: e }));
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(new CancellationError());
      try {
        resolve(cmd.parse(stdout, stderr, code ?? (sig ? 128 : 1)));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** What to install for a missing Ansible binary. */
export function toolHint(command: string): string {
  if (/ansible/.test(command)) return 'Install ansible-core (e.g. `pip install ansible-core` or `apt-get install ansible-core`) or set `ansflow.ansiblePath`.';
  return `Install ${command} and make sure it is on PATH.`;
}
