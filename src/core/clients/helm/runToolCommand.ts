// Runs a ToolCommand (data) as a child process. Kept beside the helm client because steps need
// the parsed result, which Executor.run (exit code only) does not give.
import { spawn } from 'node:child_process';
import type { ToolCommand } from '../../contracts/StepType.js';
import { CancellationError, ToolError } from '../../contracts/result.js';

/** Options for {@link runToolCommand}. */
export interface RunToolCommandOptions {
  signal?: AbortSignal;
  /** Called with each complete stderr line (helm writes progress and warnings there). */
  onStderrLine?(line: string): void;
  /** Hint for `tool-not-found`. */
  installHint?: string;
}

/** Spawns the command, collects output, and returns `parse(stdout, stderr, exitCode)`; the child is killed on abort. */
export function runToolCommand<T>(cmd: ToolCommand<T>, opts: RunToolCommandOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new CancellationError());
    const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env ? { ...process.env, ...cmd.env } : process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let pending = '';
    const onAbort = () => child.kill('SIGTERM');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      err += c;
      pending += c;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        opts.onStderrLine?.(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (e.code === 'ENOENT') reject(new ToolError('tool-not-found', `${cmd.command} was not found.`, opts.installHint, { cause: e }));
      else reject(new ToolError('tool-failed', `${cmd.command} could not start: ${e.message}`, undefined, { cause: e }));
    });
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (pending) opts.onStderrLine?.(pending);
      if (opts.signal?.aborted) return reject(new CancellationError());
      try {
        resolve(cmd.parse(Buffer.concat(out).toString('utf8'), err, code ?? (signal ? 128 : 1)));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(cmd.input ?? '');
  });
}
