// The one contract for starting a tool or step process in core: what to run, how to cancel it,
// and an outcome that is a value (a missing tool or a cancel is not an exception here).
import type { Readable } from 'node:stream';

/** Which output stream a chunk came from. */
export type OutputStream = 'stdout' | 'stderr';

/** What to run and how; see {@link runProcess}. */
export interface ProcessRequest {
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The complete environment of the process (not merged with process.env here). Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Keep stdout and stderr as text in the outcome (tools whose output is parsed). */
  capture?: boolean;
  /**
   * Most bytes of stdout + stderr together before the process group is ended and the outcome is
   * `output-limit`. Default: 64 MiB when capturing, no limit otherwise (streamed output is the log
   * store's to bound).
   */
  outputLimitBytes?: number;
  /**
   * Each chunk of output as UTF-8 text, never split inside a character. The masking hook: callers
   * route it through their masker before it reaches a log.
   */
  onOutput?(stream: OutputStream, text: string): void;
  /**
   * Each read of output as bytes, instead of {@link onOutput}: for a consumer that masks and stores
   * bytes (no decoding). The buffer is the consumer's to overwrite; nothing reads it afterwards.
   */
  onOutputBytes?(stream: OutputStream, bytes: Buffer): void;
  /** Cancel: SIGTERM to the whole process group, SIGKILL after `killGraceMs`. */
  signal?: AbortSignal;
  /** A forced cancel: SIGKILL to the group at once. */
  forceSignal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL. Default 5000 ms. */
  killGraceMs?: number;
  /** Extra output pipes on fds 3, 4, … (e.g. Ansible's event stream); forces a direct spawn. */
  extraPipes?: number;
  /** Called once the process is started, with its pid and the extra pipes' read ends. */
  onStart?(started: { pid: number; pipes: Readable[] }): void;
  /**
   * Start through the long-lived fork helper when it can (no input, no extra pipes): much cheaper
   * than forking Node for short step processes. Falls back to a direct spawn.
   */
  preferForkHelper?: boolean;
  /** What to install when `command` is missing; default "Install <command> and put it on PATH." */
  installHint?: string;
  /**
   * An empty 0600 file created (truncated when present, a link there not followed) just before the
   * process starts: a step's outputs file. The fork helper creates it in the same request as the
   * spawn, which saves the caller a file-system round trip of its own.
   */
  createFile?: string;
}

/** Output kept when {@link ProcessRequest.capture} is set ('' otherwise). */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
}

/**
 * How a process run ended. `exitCode` of a signalled process is 128 + the signal number, as shells
 * report it.
 */
export type ProcessOutcome =
  | ({ kind: 'exited'; exitCode: number } & CapturedOutput)
  | ({ kind: 'signalled'; signal: NodeJS.Signals; exitCode: number } & CapturedOutput)
  | { kind: 'not-found'; command: string; message: string; hint: string }
  | { kind: 'start-failed'; command: string; message: string }
  | { kind: 'cancelled'; reason: unknown }
  | { kind: 'output-limit'; limitBytes: number; message: string };
