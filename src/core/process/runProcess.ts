// The one place core starts a tool or step process. Every process gets its own process group, so a
// cancel reaches the whole tree (workers, background jobs); nothing in the group outlives the
// leader; and the outcome is a value the caller maps to its own contract.
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { which } from '../runner/steps/local/interpreter.js';
import { forkHelperFor, launchDirect, launchWithHelper, type LaunchSpec, type Launched } from './launchers.js';
import { killProcessGroup } from './processGroup.js';
import type { OutputStream, ProcessOutcome, ProcessRequest } from './types.js';

const DEFAULT_KILL_GRACE_MS = 5000;
const DEFAULT_CAPTURE_LIMIT = 64 * 1024 * 1024;
/** How long to wait for pipes after the leader exited: a descendant that left the group may hold them. */
const DRAIN_MS = 2000;

/** The generic advice for a missing command. */
export function defaultInstallHint(command: string): string {
  return `Install ${command} and put it on PATH.`;
}

function notFound(req: ProcessRequest): ProcessOutcome {
  return { kind: 'not-found', command: req.command, message: `'${req.command}' was not found`, hint: req.installHint ?? defaultInstallHint(req.command) };
}

/** The outcome of a spawn that failed with `e`; spawn reports a missing cwd as ENOENT too. */
function startFailure(req: ProcessRequest, e: NodeJS.ErrnoException): ProcessOutcome {
  if (e.code === 'ENOENT') {
    if (req.cwd && !statSync(req.cwd, { throwIfNoEntry: false })?.isDirectory()) {
      return { kind: 'start-failed', command: req.command, message: `could not start '${req.command}': working directory '${req.cwd}' does not exist` };
    }
    return notFound(req);
  }
  return { kind: 'start-failed', command: req.command, message: `could not start '${req.command}': ${e.message}` };
}

/**
 * Runs one process to its end and reports how it ended. On `signal` the process group gets SIGTERM
 * and, after `killGraceMs`, SIGKILL; when the leader exits, whatever is left in its group is killed,
 * so nothing survives the call. Never rejects.
 */
export function runProcess(req: ProcessRequest): Promise<ProcessOutcome> {
  if (req.signal?.aborted) return Promise.resolve({ kind: 'cancelled', reason: req.signal.reason });
  const spec: LaunchSpec = {
    command: req.command,
    args: req.args,
    cwd: req.cwd,
    env: req.env ?? process.env,
    input: req.input,
    extraPipes: req.extraPipes ?? 0,
    ...(req.createFile ? { createFile: req.createFile } : {}),
    ...(req.onStart ? { wantPid: true } : {}),
  };
  // No process can receive a NUL inside an argument (and the fork helper's frames are NUL-separated).
  if ([req.command, ...req.args].some((a) => a.includes('\0'))) {
    return Promise.resolve({ kind: 'start-failed', command: req.command, message: `could not start '${req.command}': an argument contains a NUL character` });
  }
  const helper = req.preferForkHelper ? forkHelperFor(spec) : undefined;
  if (helper) {
    // The helper's exec failure is only an exit status; look the command up first instead.
    const cwd = req.cwd ?? process.cwd();
    const command = req.command.includes('/') && !isAbsolute(req.command) ? resolvePath(cwd, req.command) : req.command;
    if (!which(command, spec.env.PATH ?? '')) return Promise.resolve(notFound(req));
  }
  const graceMs = req.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const limit = req.outputLimitBytes ?? (req.capture ? DEFAULT_CAPTURE_LIMIT : Infinity);

  return new Promise<ProcessOutcome>((settle) => {
    let pid: number | undefined;
    let launched: Launched | undefined;
    // A signal asked for while the launcher is still being called.
    let pendingSignal: NodeJS.Signals | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let startError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;
    let bytes = 0;
    let overLimit = false;
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const captured = { stdout: '', stderr: '' };

    const signalGroup = (sig: NodeJS.Signals): void => {
      if (launched === undefined) pendingSignal = sig;
      else launched.signal(sig);
    };
    const terminate = (): void => {
      if (exit) return;
      signalGroup(req.forceSignal?.aborted ? 'SIGKILL' : 'SIGTERM');
      if (!killTimer) {
        killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        killTimer.unref();
      }
    };
    const onForce = (): void => {
      if (!exit) signalGroup('SIGKILL');
    };
    req.signal?.addEventListener('abort', terminate, { once: true });
    req.forceSignal?.addEventListener('abort', onForce, { once: true });

    const emit = (stream: OutputStream, text: string): void => {
      if (!text) return;
      if (req.capture) captured[stream] += text;
      req.onOutput?.(stream, text);
    };

    const finish = (): void => {
      if (settled) return;
      settled = true;
      req.signal?.removeEventListener('abort', terminate);
      req.forceSignal?.removeEventListener('abort', onForce);
      if (killTimer) clearTimeout(killTimer);
      if (drainTimer) clearTimeout(drainTimer);
      if (startError) return settle(startFailure(req, startError));
      emit('stdout', decoders.stdout.end());
      emit('stderr', decoders.stderr.end());
      if (req.signal?.aborted) return settle({ kind: 'cancelled', reason: req.signal.reason });
      if (overLimit) {
        return settle({ kind: 'output-limit', limitBytes: limit, message: `'${req.command}' wrote more than ${limit} bytes of output and was stopped` });
      }
      const signal = exit?.signal;
      if (signal) return settle({ kind: 'signalled', signal, exitCode: 128 + (constants.signals[signal] ?? 0), ...captured });
      settle({ kind: 'exited', exitCode: exit?.code ?? 1, ...captured });
    };

    const events = {
      onStart: (p: number, pipes: Readable[]) => {
        pid = p;
        req.onStart?.({ pid: p, pipes });
      },
      onData: (stream: OutputStream, data: Buffer) => {
        if (overLimit) return;
        bytes += data.length;
        if (bytes > limit) {
          overLimit = true;
          terminate();
          return;
        }
        if (!req.onOutputBytes) return emit(stream, decoders[stream].write(data));
        // Captured text first: the bytes consumer may overwrite the buffer.
        if (req.capture) captured[stream] += decoders[stream].write(data);
        req.onOutputBytes(stream, data);
      },
      onExit: (code: number | null, signal: NodeJS.Signals | null, groupKilled = false) => {
        if (exit) return;
        exit = { code, signal };
        // The leader is gone: what it left running in its group goes too, so the pipes close.
        if (pid !== undefined && !groupKilled) killProcessGroup(pid, 'SIGKILL');
        drainTimer = setTimeout(() => {
          launched?.abandonPipes();
          finish();
        }, DRAIN_MS);
        drainTimer.unref();
      },
      onClose: finish,
      onError: (e: NodeJS.ErrnoException) => {
        startError = e;
        finish();
      },
    };
    try {
      launched = helper ? launchWithHelper(helper, spec, events) : launchDirect(spec, events);
      if (pendingSignal) launched.signal(pendingSignal);
    } catch (e) {
      // spawn throws at once for arguments it cannot pass (a NUL byte, say).
      events.onError(e as NodeJS.ErrnoException);
    }
  });
}
