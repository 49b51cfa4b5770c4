// Node side of the fork helper (protocol in forkHelperScript.ts). One helper per Node process,
// started on first use and kept only while jobs run (unref'd when idle, so it never keeps the
// process alive). It is the Python one (posix_spawn, spawnHelperScript.ts) when python3 is on PATH,
// else the Perl one; `ANSFLOW_FORK_HELPER=perl` picks Perl, `0` none. If the helper cannot start or
// dies, `ForkHelper.shared()` returns undefined and callers spawn directly.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { which } from '../runner/steps/local/interpreter.js';
import { FORK_HELPER_SCRIPT } from './forkHelperScript.js';
import { HelperFrameReader } from './helperFrames.js';
import { SPAWN_HELPER_SCRIPT } from './spawnHelperScript.js';

/** Which helper runs: Python's posix_spawn, or Perl's fork. */
export type HelperKind = 'python' | 'perl';

/** Callbacks of one job. */
export interface HelperJobHandlers {
  onPid(pid: number): void;
  onData(stream: 'stdout' | 'stderr', data: Buffer): void;
  /** The leader exited (its descendants may still hold the pipes). */
  onExit(code: number, signal: number): void;
  /** Pipes closed after the exit: the job is over. */
  onClose(): void;
}

const shared = new Map<HelperKind, ForkHelper>();
const disabled = new Set<HelperKind>();

/** The helper `ANSFLOW_FORK_HELPER` and PATH call for, or undefined for none. */
function wantedKind(): HelperKind | undefined {
  const setting = process.env.ANSFLOW_FORK_HELPER;
  if (setting === '0' || process.platform === 'win32') return undefined;
  const python = setting !== 'perl' && !disabled.has('python') && which('python3', process.env.PATH ?? '');
  if (python) return 'python';
  return disabled.has('perl') ? undefined : 'perl';
}

/** A running helper process. */
export class ForkHelper {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly jobs = new Map<number, HelperJobHandlers>();
  private nextId = 1;
  // Output frames go on in pieces as read (their consumer decodes a stream); see helperFrames.ts.
  private readonly frames = new HelperFrameReader((t) => t === 'O' || t === 'E', (t, id, p) => this.onFrame(t, id, p));
  private dead = false;

  /** The process-wide helper, or undefined when it cannot run (no Perl, disabled, died). */
  static shared(): ForkHelper | undefined {
    const kind = wantedKind();
    if (!kind) return undefined;
    const running = shared.get(kind);
    if (running && !running.dead) return running;
    try {
      const helper = new ForkHelper(kind);
      shared.set(kind, helper);
      return helper;
    } catch {
      disabled.add(kind);
      return undefined;
    }
  }

  private constructor(readonly kind: HelperKind) {
    // -I: no PYTHON* variables, user site or script folder; -S: no site import (faster start).
    const [command, args] = kind === 'python' ? ['python3', ['-I', '-S', '-c', SPAWN_HELPER_SCRIPT]] : ['perl', ['-e', FORK_HELPER_SCRIPT]];
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.on('error', () => this.fail());
    this.child.on('exit', () => this.fail());
    this.child.stdin.on('error', () => this.fail());
    this.child.stdout.on('data', (d: Buffer) => this.frames.push(d));
    this.idle();
  }

  private fail(): void {
    if (this.dead) return;
    this.dead = true;
    // Jobs in flight cannot be finished by the helper any more; report them as killed.
    for (const h of this.jobs.values()) {
      h.onExit(137, 9);
      h.onClose();
    }
    this.jobs.clear();
    if (shared.get(this.kind) === this) shared.delete(this.kind);
    disabled.add(this.kind);
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

  /** Starts `argv` in its own process group; returns the job id. */
  start(argv: string[], cwd: string, env: Record<string, string | undefined>, handlers: HelperJobHandlers): number {
    const id = this.nextId++;
    this.jobs.set(id, handlers);
    this.idle();
    // One pass, one string: this runs for every step.
    let vars = '';
    let count = 0;
    for (const k in env) {
      const v = env[k];
      if (v === undefined || k.includes('\0') || v.includes('\0')) continue;
      vars += `\0${k}=${v}`;
      count++;
    }
    this.send(`S\0${id}\0${cwd}\0${count}${vars}\0${argv.join('\0')}`);
    return id;
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
