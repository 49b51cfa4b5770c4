// Node side of the fork helper (protocol in forkHelperScript.ts). One helper per Node process,
// started on first use and kept only while jobs run (unref'd when idle, so it never keeps the
// process alive).
//
// Which one runs, first choice first: the C one (native/spawnHelper.c) when the build left it beside
// the bundle, the Python one (posix_spawn, spawnHelperScript.ts) when python3 is on PATH, the Perl
// one when perl is, else none and callers spawn directly. `ANSFLOW_FORK_HELPER=python` skips the C
// one, `perl` Python too, `0` uses none. A helper writes a ready frame once it can
// serve; one that dies or says anything else first (a python3 older than 3.8, a broken shim) is
// given up for good (by its path, so another python3 on a later PATH is still tried) and every job
// held for it meanwhile (jobs are sent only once it is ready; it has 3 s, then it is killed) is handed
// back to its launcher, which starts it through the next choice: a step never fails because a helper could not start. A helper that dies after it was ready is given
// up too, and the jobs it was running are reported killed (it may have started them).
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { which } from '../runner/steps/local/interpreter.js';
import { FORK_HELPER_SCRIPT } from './forkHelperScript.js';
import { HelperFrameReader, readyFrame } from './helperFrames.js';
import { SPAWN_HELPER_SCRIPT } from './spawnHelperScript.js';
import { nativeHelperPath } from './native/nativeHelper.js';

/** Which helper runs: the C one or Python's (both posix_spawn), or Perl's fork. */
export type HelperKind = 'native' | 'python' | 'perl';

/** Callbacks of one job. */
export interface HelperJobHandlers {
  onPid(pid: number): void;
  onData(stream: 'stdout' | 'stderr', data: Buffer): void;
  /** The leader exited (its descendants may still hold the pipes). */
  onExit(code: number, signal: number): void;
  /** Pipes closed after the exit: the job is over. */
  onClose(): void;
  /** The helper died before it was ready, so it started nothing: start the job elsewhere. */
  onLost(): void;
}

/** Helpers by interpreter path, and the paths given up. */
const shared = new Map<string, ForkHelper>();
const disabled = new Set<string>();
const READY = readyFrame();
/**
 * How long a helper may take to say it is ready. A python3 that hangs at start (a wrapper waiting
 * on a network mount, a shim reading a terminal) would otherwise hold its jobs forever; jobs are
 * only sent once it is ready, so giving it up then can never run a job twice.
 */
const READY_WAIT_MS = 3000;

/** The helper `ANSFLOW_FORK_HELPER` and PATH call for, or undefined for none. */
function wanted(): { kind: HelperKind; path: string } | undefined {
  const setting = process.env.ANSFLOW_FORK_HELPER;
  if (setting === '0' || process.platform === 'win32') return undefined;
  if (setting !== 'python' && setting !== 'perl') {
    const native = nativeHelperPath();
    if (native && !disabled.has(native)) return { kind: 'native', path: native };
  }
  const dirs = process.env.PATH ?? '';
  const python = setting === 'perl' ? undefined : which('python3', dirs);
  if (python && !disabled.has(python)) return { kind: 'python', path: python };
  const perl = which('perl', dirs);
  return perl && !disabled.has(perl) ? { kind: 'perl', path: perl } : undefined;
}

/** A running helper process. */
export class ForkHelper {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly jobs = new Map<number, HelperJobHandlers>();
  private nextId = 1;
  /** The environment the helper holds: the last start's, as sent (see envChanges). */
  private readonly heldEnv = new Map<string, string>();
  // Output frames go on in pieces as read (their consumer decodes a stream); see helperFrames.ts.
  private readonly frames = new HelperFrameReader((t) => t === 'O' || t === 'E', (t, id, p) => this.onFrame(t, id, p));
  private dead = false;
  /** The ready frame has arrived whole; until then `readyBytes` of it have. */
  private ready = false;
  private readyBytes = 0;
  /** Commands for jobs started before the ready frame, sent when it arrives. */
  private pending: string[] = [];
  private readonly readyTimer: NodeJS.Timeout;

  /** The process-wide helper, or undefined when none can run (none on PATH, disabled, all died). */
  static shared(): ForkHelper | undefined {
    const want = wanted();
    if (!want) return undefined;
    const running = shared.get(want.path);
    if (running && !running.dead) return running;
    try {
      const helper = new ForkHelper(want.kind, want.path);
      shared.set(want.path, helper);
      return helper;
    } catch {
      disabled.add(want.path);
      return ForkHelper.shared();
    }
  }

  private constructor(
    readonly kind: HelperKind,
    private readonly path: string,
  ) {
    // -I: no PYTHON* variables, user site or script folder; -S: no site import (faster start).
    const args = kind === 'native' ? [] : kind === 'python' ? ['-I', '-S', '-c', SPAWN_HELPER_SCRIPT] : ['-e', FORK_HELPER_SCRIPT];
    this.child = spawn(path, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    // Not started at all: nothing ran.
    this.child.on('error', () => this.fail());
    // Before ready, wait for stdout to close as well: a ready frame may still be unread, and then
    // the jobs may have started.
    this.child.on('exit', () => {
      if (this.ready) this.fail();
    });
    this.child.on('close', () => this.fail());
    this.child.stdin.on('error', () => {
      if (this.ready) this.fail();
    });
    this.child.stdout.on('data', (d: Buffer) => (this.ready ? this.frames.push(d) : this.awaitReady(d)));
    this.readyTimer = setTimeout(() => {
      if (this.ready) return;
      this.child.kill('SIGKILL');
      this.fail();
    }, READY_WAIT_MS);
    this.readyTimer.unref();
    this.idle();
  }

  /** Matches the first bytes against the ready frame; what follows it is frames. */
  private awaitReady(d: Buffer): void {
    const n = Math.min(d.length, READY.length - this.readyBytes);
    if (!d.subarray(0, n).equals(READY.subarray(this.readyBytes, this.readyBytes + n))) {
      // Not the helper speaking (a shim, a wrapper printing a banner): it started nothing.
      this.child.kill('SIGKILL');
      this.fail();
      return;
    }
    this.readyBytes += n;
    if (this.readyBytes < READY.length) return;
    this.ready = true;
    clearTimeout(this.readyTimer);
    for (const body of this.pending) this.send(body);
    this.pending = [];
    if (n < d.length) this.frames.push(d.subarray(n));
  }

  private fail(): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.readyTimer);
    this.pending = [];
    // Given up before the jobs move on, so that they go to the next choice.
    if (shared.get(this.path) === this) shared.delete(this.path);
    disabled.add(this.path);
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const h of jobs) {
      if (!this.ready) {
        h.onLost();
        continue;
      }
      // Jobs in flight cannot be finished by the helper any more; report them as killed.
      h.onExit(137, 9);
      h.onClose();
    }
  }

  private idle(): void {
    if (this.jobs.size) {
      this.child.ref();
      (this.child.stdout as unknown as { ref(): void }).ref();
    } else {
      this.child.unref();
      (this.child.stdout as unknown as { unref(): void }).unref();
      (this.child.stdin as unknown as { unref?(): void }).unref?.();
    }
  }

  /** Sends one command: its NUL-separated fields, after their length in bytes. */
  private send(body: string): void {
    this.child.stdin.write(`${Buffer.byteLength(body)}\n${body}`);
  }

  /**
   * Starts `argv` in its own process group; returns the job id. `createFile`: an empty 0600 file the
   * helper creates (or truncates) before the spawn. `wantPid`: the
   * helper reports the pid (onPid); without it the job's first frame is its output or its exit, one
   * read fewer per job (signals go through {@link signal}, which needs no pid).
   */
  start(argv: string[], cwd: string, env: Record<string, string | undefined>, options: { createFile?: string; wantPid?: boolean }, handlers: HelperJobHandlers): number {
    const id = this.nextId++;
    this.jobs.set(id, handlers);
    this.idle();
    const { vars, count } = this.envChanges(env);
    const file = options.createFile && !options.createFile.includes('\0') ? options.createFile : '';
    const body = `S\0${id}\0${cwd}\0${file}\0${options.wantPid ? '1' : ''}\0${count}${vars}\0${argv.join('\0')}`;
    if (this.ready) this.send(body);
    else this.pending.push(body);
    return id;
  }

  /**
   * What to send for `env`: the variables that differ from what the helper holds since the last start
   * (`k=v`), and those it holds that `env` has not (`k`, unset); the helper applies them in order. The
   * steps of a run share all but a few variables, so a step sends ~5 of ~70, not a 4 KiB block (which
   * was the largest allocation of a trivial step). A name that is empty or holds `=` or a NUL, or a
   * value with a NUL, cannot be passed to a process and is left out, as before.
   */
  private envChanges(env: Record<string, string | undefined>): { vars: string; count: number } {
    const held = this.heldEnv;
    let vars = '';
    let count = 0;
    let kept = 0;
    for (const k in env) {
      const v = env[k];
      if (v === undefined) continue;
      if (held.get(k) === v) {
        kept++;
        continue;
      }
      if (k === '' || k.includes('=') || k.includes('\0') || v.includes('\0')) continue;
      held.set(k, v);
      kept++;
      vars += `\0${k}=${v}`;
      count++;
    }
    // Every variable `env` passes is held now with its value; any more held are not in `env`.
    if (held.size > kept) {
      for (const [k, v] of held) {
        if (env[k] === v) continue;
        held.delete(k);
        vars += `\0${k}`;
        count++;
      }
    }
    return { vars, count };
  }

  /**
   * Sends `signal` (a number) to a job's process group; once the helper has reaped the leader it
   * ignores this (it killed the group then), so a pid reused meanwhile is never hit. False when the
   * job is not this helper's (any more).
   */
  signal(id: number, signal: number): boolean {
    if (!this.jobs.has(id)) return false;
    const body = `K\0${id}\0${signal}`;
    if (this.ready) this.send(body);
    else this.pending.push(body);
    return true;
  }

  /** Stops waiting for a job's pipes (a descendant left the process group and holds them). */
  drop(id: number): void {
    if (this.jobs.has(id)) this.send(`D\0${id}`);
  }

  private onFrame(type: string, id: number, payload: Buffer): void {
    const h = this.jobs.get(id);
    if (!h) return;
    switch (type) {
      case 'P':
        h.onPid(Number(payload.toString()));
        break;
      case 'O':
        h.onData('stdout', payload);
        break;
      case 'E':
        h.onData('stderr', payload);
        break;
      case 'X': {
        const [code, sig] = payload.toString().split(' ').map(Number);
        h.onExit(code!, sig!);
        break;
      }
      case 'C':
        this.jobs.delete(id);
        h.onClose();
        this.idle();
        break;
    }
  }
}
