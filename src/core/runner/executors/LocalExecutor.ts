// Runs step processes on this machine. Each process starts in its own process group (detached),
// so a cancel, a timeout, or the end of the step can signal the whole tree — grandchildren started
// in the background included — and none survives the step.
import { statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Executor, ProcessResult, ProcessSpec, StepContext } from '../../contracts/StepType.js';
import { CancellationError, ToolError } from '../../contracts/result.js';
import { processError, runProcess, type ProcessRequest } from '../../process/index.js';
import type { RunnerStepContext } from '../stepContext.js';

/** Options for {@link LocalExecutor}. */
export interface LocalExecutorOptions {
  /** Time between SIGTERM and SIGKILL when a step is cancelled or times out. Default 5000 ms. */
  killGraceMs?: number;
}

/** The runner's forced-cancel signal, when the context carries one (see RunnerStepContext). */
function forceSignalOf(ctx: StepContext): AbortSignal | undefined {
  return (ctx as Partial<RunnerStepContext>).forceSignal;
}

/** The attempt's outputs file for this process to create, when it is the first to see it. */
function outputFileFor(env: Record<string, string>, ctx: StepContext): string | undefined {
  const file = (ctx as Partial<RunnerStepContext>).outputFile;
  return file && env.ANSFLOW_OUTPUT === file.path ? file.handOver() : undefined;
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

  async run(spec: ProcessSpec, ctx: StepContext): Promise<ProcessResult> {
    if (ctx.signal.aborted) throw new CancellationError();
    // Checked here because both spawn paths report a missing folder misleadingly: the direct spawn as
    // ENOENT ("not found"), the fork helper as exit 127.
    const missingCwd = missingWorkingDirectory(spec.cwd ?? ctx.cwd, ctx.workspace);
    if (missingCwd) throw missingCwd;
    const env = spec.env ?? ctx.env;
    const createFile = outputFileFor(env, ctx);
    // Optional fields set on the request itself: no temporary object spread into it per step.
    const req: ProcessRequest = { command: spec.command, args: spec.args, cwd: spec.cwd ?? ctx.cwd, env };
    if (createFile) req.createFile = createFile;
    req.input = spec.input;
    req.signal = ctx.signal;
    req.forceSignal = forceSignalOf(ctx);
    req.killGraceMs = this.killGraceMs;
    req.preferForkHelper = true;
    req.installHint = `Install ${spec.command} or put it on PATH.`;
    // Bytes as read when the runner takes them (masked in place, no decoding); text otherwise.
    if (ctx.logBytes) req.onOutputBytes = (stream, bytes) => ctx.logBytes!(stream, bytes);
    else req.onOutput = (stream, text) => ctx.log(stream, text);
    const outcome = await runProcess(req);
    switch (outcome.kind) {
      case 'exited':
        return { exitCode: outcome.exitCode };
      case 'signalled':
        return { exitCode: outcome.exitCode, signal: outcome.signal };
      case 'cancelled':
        throw outcome.reason instanceof Error ? outcome.reason : new CancellationError();
      default:
        throw processError(outcome);
    }
  }
}
