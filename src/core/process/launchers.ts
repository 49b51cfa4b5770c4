// The two ways a process is started: a direct spawn, or the long-lived fork helper. Both put the
// process in its own process group and report the same events, so runProcess handles cancel,
// limits and outcomes once for both.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { ForkHelper } from './ForkHelper.js';
import { createEmptyPrivateFile } from './privateFile.js';
import { killProcessGroup } from './processGroup.js';
import type { OutputStream } from './types.js';

/** Events of one started process. */
export interface LaunchEvents {
  onStart(pid: number, pipes: Readable[]): void;
  onData(stream: OutputStream, data: Buffer): void;
  /**
   * The leader exited; descendants may still hold the pipes. `groupKilled`: the launcher has sent
   * SIGKILL to the rest of the group already.
   */
  onExit(code: number | null, signal: NodeJS.Signals | null, groupKilled?: boolean): void;
  /** Every pipe closed after the exit. */
  onClose(): void;
  /** The process could not be started at all. */
  onError(e: NodeJS.ErrnoException): void;
}

/** Handle on a launched process. */
export interface Launched {
  /** Stops waiting for pipes that a descendant which left the group still holds. */
  abandonPipes(): void;
  /** Signals the process group (before the leader is reaped; after it, the group is killed already). */
  signal(sig: NodeJS.Signals): void;
}

/** What a launcher needs. */
export interface LaunchSpec {
  command: string;
  args: readonly string[];
  cwd?: string;
  env: Record<string, string | undefined>;
  input?: string | Buffer;
  extraPipes: number;
  /** See ProcessRequest.createFile. */
  createFile?: string;
  /** onStart needs the pid (the fork helper reports it only when asked). */
  wantPid?: boolean;
}

/** Starts `spec` with child_process.spawn in a new process group (detached). */
export function launchDirect(spec: LaunchSpec, ev: LaunchEvents): Launched {
  const stdio: ('pipe' | 'ignore')[] = [spec.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
  for (let i = 0; i < spec.extraPipes; i++) stdio.push('pipe');
  if (spec.createFile) createEmptyPrivateFile(spec.createFile);
  const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, detached: true, stdio });
  let failed = false;
  let exitSeen = false;
  child.on('error', (e: NodeJS.ErrnoException) => {
    // 'error' also reports a failed kill or write; only a failed start ends the run here.
    if (child.pid !== undefined) return;
    failed = true;
    ev.onError(e);
  });
  if (child.pid !== undefined) {
    const pipes = child.stdio.slice(3).filter((s): s is Readable => !!s && 'read' in s);
    ev.onStart(child.pid, pipes);
  }
  child.stdout?.on('data', (d: Buffer) => ev.onData('stdout', d));
  child.stderr?.on('data', (d: Buffer) => ev.onData('stderr', d));
  if (spec.input !== undefined && child.stdin) {
    // A process that exits without reading its input must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(spec.input);
  }
  child.on('exit', (code, signal) => {
    if (failed) return;
    exitSeen = true;
    ev.onExit(code, signal);
  });
  child.on('close', (code, signal) => {
    if (failed) return;
    if (!exitSeen) ev.onExit(code, signal);
    ev.onClose();
  });
  return {
    abandonPipes: () => {
      for (const s of child.stdio) (s as Readable | null)?.destroy();
    },
    signal: (sig) => {
      if (child.pid !== undefined) killProcessGroup(child.pid, sig);
    },
  };
}

/** The fork helper when it can start `spec` (no stdin, no extra pipes, a helper can run), else undefined. */
export function forkHelperFor(spec: LaunchSpec): ForkHelper | undefined {
  if (spec.input !== undefined || spec.extraPipes > 0) return undefined;
  return ForkHelper.shared();
}

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/**
 * Starts `spec` through the fork helper (the caller has checked that the command exists). When that
 * helper dies before it could start anything, the job goes to the next helper, else to a direct spawn.
 */
export function launchWithHelper(helper: ForkHelper, spec: LaunchSpec, ev: LaunchEvents): Launched {
  let takenOver: Launched | undefined;
  // A signal sent while the job moves from a helper that died to the next launcher.
  let pending: NodeJS.Signals | undefined;
  const id = helper.start([spec.command, ...spec.args], spec.cwd ?? process.cwd(), spec.env, { createFile: spec.createFile, wantPid: spec.wantPid }, {
    onPid: (pid) => ev.onStart(pid, []),
    onData: (stream, data) => ev.onData(stream, data),
    // The helper kills the group as it reaps the leader: no kill(2) here, and none of the exception
    // Node builds for ESRCH when the group is already empty, as it nearly always is.
    onExit: (code, signal) => ev.onExit(signal ? null : code, signal ? (SIGNAL_NAMES.get(signal) ?? 'SIGKILL') : null, true),
    onClose: () => ev.onClose(),
    onLost: () => {
      const next = ForkHelper.shared();
      try {
        takenOver = next ? launchWithHelper(next, spec, ev) : launchDirect(spec, ev);
        if (pending) takenOver.signal(pending);
      } catch (e) {
        ev.onError(e as NodeJS.ErrnoException);
      }
    },
  });
  return {
    abandonPipes: () => (takenOver ? takenOver.abandonPipes() : helper.drop(id)),
    signal: (sig) => {
      if (takenOver) takenOver.signal(sig);
      else if (!helper.signal(id, constants.signals[sig])) pending = sig;
    },
  };
}
