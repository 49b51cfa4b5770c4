// Runs an `ansible-playbook` ToolCommand with the events callback on file descriptor 3, so the
// JSON lines never mix with the human output on stdout/stderr.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateTempDir } from '../../runner/runFolder.js';
import { processError, runProcess } from '../../process/index.js';
import type { ToolCommand } from '../../contracts/StepType.js';
import { AnsibleRunTally, readAnsibleEvents, type AnsibleEvent } from './ansibleEvents.js';
import type { PlaybookExit } from './playbookCommand.js';
import { toolHint } from './runToolCommand.js';

/** The events file descriptor number given to ansible-playbook (see getPlaybookEnv's eventsFd). */
export const EVENTS_FD = 3;

/** Callbacks and cancellation for {@link runPlaybook}. */
export interface RunPlaybookOptions {
  onEvent?(ev: AnsibleEvent): void;
  onStdout?(text: string): void;
  onStderr?(text: string): void;
  signal?: AbortSignal;
  /** A forced cancel: the process group is killed at once. */
  forceSignal?: AbortSignal;
  killGraceMs?: number;
}

/** Outcome of {@link runPlaybook}: the exit mapping plus the tallied events. */
export interface PlaybookRunResult extends PlaybookExit {
  tally: AnsibleRunTally;
}

/**
 * Runs the command (built with `eventsFd: EVENTS_FD`) through core's process runner and streams
 * events as they arrive. The output is streamed, not kept: the exit code says how the run went.
 */
export async function runPlaybook(cmd: ToolCommand<PlaybookExit>, options: RunPlaybookOptions = {}): Promise<PlaybookRunResult> {
  const tally = new AnsibleRunTally();
  let eventsDone: Promise<void> = Promise.resolve();
  const outcome = await runProcess({
    command: cmd.command,
    args: cmd.args,
    cwd: cmd.cwd,
    env: { ...process.env, ...cmd.env },
    extraPipes: EVENTS_FD - 2,
    signal: options.signal,
    forceSignal: options.forceSignal,
    killGraceMs: options.killGraceMs,
    installHint: toolHint(cmd.command),
    onOutput: (stream, text) => (stream === 'stdout' ? options.onStdout?.(text) : options.onStderr?.(text)),
    onStart: ({ pipes }) => {
      const events = pipes[EVENTS_FD - 3];
      if (!events) return;
      eventsDone = (async () => {
        for await (const ev of readAnsibleEvents(events as AsyncIterable<Buffer>)) {
          tally.add(ev);
          try {
            options.onEvent?.(ev);
          } catch {
            // one throwing listener must not stop the stream
          }
        }
      })().catch(() => undefined);
    },
  });
  await eventsDone;
  if (outcome.kind !== 'exited' && outcome.kind !== 'signalled') throw processError(outcome);
  return { ...cmd.parse('', '', outcome.exitCode), tally };
}

/**
 * Runs `fn` with a vault password file holding `password`: a 0600 file in a fresh 0700 folder (in
 * the run's folder), removed afterwards even when `fn` throws, so the secret never lands in argv or logs.
 */
export async function withVaultPasswordFile<T>(password: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = makePrivateTempDir('ansflow-vault-');
  const file = join(dir, 'vault-pass');
  try {
    writeFileSync(file, password + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
