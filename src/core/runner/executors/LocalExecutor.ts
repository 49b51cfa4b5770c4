// Runs step processes on this machine. Each process starts in its own process group (detached),
// so a cancel, a timeout, or the end of the step can signal the whole tree — grandchildren started
// in the background included — and none survives the step.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { constants } from 'node:os';
import type { Executor, ProcessResult, ProcessSpec, StepContext } from '../../contracts/StepType.js';
import { CancellationError, ToolError } from '../../contracts/result.js';

/** Options for {@link LocalExecutor}. */
export interface LocalExecutorOptions {
  /** Time between SIGTERM and SIGKILL when a step is cancelled or times out. Default 5000 ms. */
  killGraceMs?: number;
}

/** Sends `signal` to every process in the group led by `pid`; a vanished group is not an error. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function signalExitCode(signal: string | null): number {
  if (!signal) return 1;
  const n = (constants.signals as Record<string, number>)[signal];
  return n ? 128 + n : 1;
}

/** The default executor: a local process group per step. See {@link Executor}. */
export class LocalExecutor implements Executor {
  readonly kind = 'local' as const;
  private readonly killGraceMs: number;

  constructor(options: LocalExecutorOptions = {}) {
    this.killGraceMs = options.killGraceMs ?? 5000;
  }

  run(spec: ProcessSpec, ctx: StepContext): Promise<ProcessResult> {
    if (ctx.signal.aborted) return Promise.reject(new CancellationError());
    return new Promise<ProcessResult>((resolve, reject) => {
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd ?? ctx.cwd,
        env: spec.env ?? ctx.env,
        detached: true,
        stdio: [spec.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      const pid = child.pid;
      let killTimer: NodeJS.Timeout | undefined;
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let settled = false;

      const terminate = () => {
        if (!pid || exit) return;
        killProcessGroup(pid, 'SIGTERM');
        killTimer = setTimeout(() => killProcessGroup(pid, 'SIGKILL'), this.killGraceMs);
        killTimer.unref?.();
      };
      const onAbort = () => terminate();
      ctx.signal.addEventListener('abort', onAbort, { once: true });

      const pipe = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') => {
        if (!stream) return;
        const decoder = new StringDecoder('utf8');
        stream.on('data', (chunk: Buffer) => ctx.log(name, decoder.write(chunk)));
        stream.on('end', () => {
          const rest = decoder.end();
          if (rest) ctx.log(name, rest);
        });
      };
      pipe(child.stdout, 'stdout');
      pipe(child.stderr, 'stderr');
      if (spec.input !== undefined && child.stdin) {
        child.stdin.on('error', () => {});
        child.stdin.end(spec.input);
      }

      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        ctx.signal.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        fn();
      };

      child.on('error', (e: NodeJS.ErrnoException) => {
        finish(() =>
          reject(
            e.code === 'ENOENT'
              ? new ToolError('tool-not-found', `'${spec.command}' was not found`, `Install ${spec.command} or put it on PATH.`, { cause: e })
              : new ToolError('tool-failed', `could not start '${spec.command}': ${e.message}`, undefined, { cause: e }),
          ),
        );
      });
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        // The leader is gone; whatever it left running in its group goes too, so pipes close and
        // nothing outlives the step.
        if (pid) killProcessGroup(pid, 'SIGKILL');
        // A descendant that left the group (setsid) may still hold the pipes; stop waiting for it.
        const t = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish(() => resolve({ exitCode: code ?? signalExitCode(signal), ...(signal ? { signal } : {}) }));
        }, 2000);
        t.unref?.();
      });
      child.on('close', (code, signal) => {
        const c = exit?.code ?? code;
        const s = exit?.signal ?? signal;
        finish(() => {
          if (ctx.signal.aborted) reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new CancellationError());
          else resolve({ exitCode: c ?? signalExitCode(s), ...(s ? { signal: s } : {}) });
        });
      });
    });
  }
}
