// Runs step processes on this machine. Each process starts in its own process group (detached),
// so a cancel, a timeout, or the end of the step can signal the whole tree — grandchildren started
// in the background included — and none survives the step.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { constants } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Executor, ProcessResult, ProcessSpec, StepContext } from '../../contracts/StepType.js';
import { CancellationError, ToolError } from '../../contracts/result.js';
import { which } from '../steps/local/interpreter.js';
import { ForkHelper } from './ForkHelper.js';

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

/** The runner's forced-cancel signal, when the context carries one (see RunnerStepContext). */
function forceSignalOf(ctx: StepContext): AbortSignal | undefined {
  return (ctx as StepContext & { forceSignal?: AbortSignal }).forceSignal;
}

function signalExitCode(signal: string | null): number {
  if (!signal) return 1;
  const n = (constants.signals as Record<string, number>)[signal];
  return n ? 128 + n : 1;
}

/** The error for a working directory that is not an existing folder, or undefined when it is one. */
function missingWorkingDirectory(cwd: string, workspace: string): ToolError | undefined {
  let st;
  try {
    st = statSync(cwd, { throwIfNoEntry: false });
  } catch {
    // Not readable (EACCES, ENOTDIR below a file…): the spawn reports it as it is.
    return undefined;
  }
  if (st?.isDirectory()) return undefined;
  const shown = isAbsolute(relative(workspace, cwd)) || relative(workspace, cwd).startsWith('..') ? cwd : relative(workspace, cwd);
  return new ToolError('not-found', `working directory '${shown}' ${st ? 'is not a folder' : 'does not exist'}`, 'Create it in an earlier step or fix `workingDirectory`.');
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
    // Checked here because both spawn paths report a missing folder misleadingly: the direct spawn as
    // ENOENT ("not found"), the fork helper as exit 127.
    const missingCwd = missingWorkingDirectory(spec.cwd ?? ctx.cwd, ctx.workspace);
    if (missingCwd) return Promise.reject(missingCwd);
    const helper = spec.input === undefined ? ForkHelper.shared() : undefined;
    if (helper) return this.runWithHelper(helper, spec, ctx);
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

      const force = forceSignalOf(ctx);
      const terminate = () => {
        if (!pid || exit) return;
        killProcessGroup(pid, force?.aborted ? 'SIGKILL' : 'SIGTERM');
        killTimer = setTimeout(() => killProcessGroup(pid, 'SIGKILL'), this.killGraceMs);
        killTimer.unref?.();
      };
      const onAbort = () => terminate();
      const onForce = () => pid && !exit && killProcessGroup(pid, 'SIGKILL');
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      force?.addEventListener('abort', onForce, { once: true });

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
        force?.removeEventListener('abort', onForce);
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

  /** Same contract as the direct spawn, with the process started by the fork helper. */
  private runWithHelper(helper: ForkHelper, spec: ProcessSpec, ctx: StepContext): Promise<ProcessResult> {
    const env = spec.env ?? ctx.env;
    const cwd = spec.cwd ?? ctx.cwd;
    const command = spec.command.includes('/') && !isAbsolute(spec.command) ? resolve(cwd, spec.command) : spec.command;
    if (!which(command, env.PATH)) {
      return Promise.reject(new ToolError('tool-not-found', `'${spec.command}' was not found`, `Install ${spec.command} or put it on PATH.`));
    }
    return new Promise<ProcessResult>((resolve, reject) => {
      let pid: number | undefined;
      let pendingSignal: NodeJS.Signals | undefined;
      let exit: { code: number; signal: number } | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      let closeTimer: NodeJS.Timeout | undefined;
      let settled = false;
      const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
      const signalGroup = (sig: NodeJS.Signals) => {
        if (pid === undefined) pendingSignal = sig;
        else killProcessGroup(pid, sig);
      };
      const force = forceSignalOf(ctx);
      const onAbort = () => {
        if (exit) return;
        signalGroup(force?.aborted ? 'SIGKILL' : 'SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), this.killGraceMs);
        killTimer.unref?.();
      };
      const onForce = () => !exit && signalGroup('SIGKILL');
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      force?.addEventListener('abort', onForce, { once: true });
      const finish = () => {
        if (settled) return;
        settled = true;
        ctx.signal.removeEventListener('abort', onAbort);
        force?.removeEventListener('abort', onForce);
        if (killTimer) clearTimeout(killTimer);
        if (closeTimer) clearTimeout(closeTimer);
        for (const name of ['stdout', 'stderr'] as const) {
          const rest = decoders[name].end();
          if (rest) ctx.log(name, rest);
        }
        if (ctx.signal.aborted) return reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new CancellationError());
        const sigName = exit?.signal ? Object.entries(constants.signals).find(([, n]) => n === exit!.signal)?.[0] : undefined;
        resolve({ exitCode: exit ? (exit.signal ? 128 + exit.signal : exit.code) : 1, ...(sigName ? { signal: sigName } : {}) });
      };
      const id = helper.start([spec.command, ...spec.args], cwd, env, {
        onPid: (p) => {
          pid = p;
          if (pendingSignal) killProcessGroup(p, pendingSignal);
        },
        onData: (stream, data) => {
          const text = decoders[stream].write(data);
          if (text) ctx.log(stream, text);
        },
        onExit: (code, signal) => {
          exit = { code, signal };
          // As with direct spawn: nothing the leader left behind outlives the step.
          if (pid !== undefined) killProcessGroup(pid, 'SIGKILL');
          closeTimer = setTimeout(() => {
            helper.drop(id);
            finish();
          }, 2000);
          closeTimer.unref?.();
        },
        onClose: finish,
      });
    });
  }
}
