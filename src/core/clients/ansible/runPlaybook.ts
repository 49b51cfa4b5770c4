// Runs an `ansible-playbook` ToolCommand with the events callback on file descriptor 3, so the
// JSON lines never mix with the human output on stdout/stderr.
import { spawn } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateTempDir } from '../../runner/runFolder.js';
import { CancellationError, ToolError } from '../../contracts/result.js';
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
}

/** Outcome of {@link runPlaybook}: the exit mapping plus the tallied events. */
export interface PlaybookRunResult extends PlaybookExit {
  tally: AnsibleRunTally;
}

/** Spawns the command (built with `eventsFd: EVENTS_FD`) and streams events as they arrive. */
export async function runPlaybook(cmd: ToolCommand<PlaybookExit>, options: RunPlaybookOptions = {}): Promise<PlaybookRunResult> {
  const { signal } = options;
  if (signal?.aborted) throw new CancellationError();
  const child = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: { ...process.env, ...cmd.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const tally = new AnsibleRunTally();
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d.length < 65536 ? d : '';
    options.onStdout?.(d);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    options.onStderr?.(d);
  });
  const kill = (): void => {
    try {
      // ansible-playbook forks workers: signal the whole group so none outlives the cancel.
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  };
  signal?.addEventListener('abort', kill, { once: true });
  const eventsDone = (async () => {
    const fd3 = child.stdio[EVENTS_FD] as NodeJS.ReadableStream | null;
    if (!fd3) return;
    for await (const ev of readAnsibleEvents(fd3 as AsyncIterable<Buffer>)) {
      tally.add(ev);
      try {
        options.onEvent?.(ev);
      } catch {
        // one throwing listener must not stop the stream
      }
    }
  })();
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'ENOENT' ? new ToolError('tool-not-found', `${cmd.command} was not found`, toolHint(cmd.command), { cause: e }) : e),
      );
      child.on('close', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
    });
    await eventsDone.catch(() => undefined);
    if (signal?.aborted) throw new CancellationError();
    return { ...cmd.parse(stdout, stderr, exitCode), tally };
  } finally {
    signal?.removeEventListener('abort', kill);
    if (child.exitCode === null && child.signalCode === null) kill();
  }
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
