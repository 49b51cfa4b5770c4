// The run index is appended to by every process that runs pipelines in a workspace (the CLI and the
// editor at once) and rewritten by retention and delete. A rewrite reads the file and renames a new
// one over it, so an append landing in between would be lost: appends and rewrites both hold this
// lock. It is a file created exclusively, holding the owner's pid and start time, so a lock left by
// a killed process is taken over instead of blocking the store for good.
import { openSync, closeSync, writeSync, readFileSync, unlinkSync, renameSync } from 'node:fs';
import { processStartTime, writerAlive } from './writerProcess.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

function owner(): string {
  return `${process.pid} ${processStartTime(process.pid) ?? ''}`;
}

/** Removes the lock when the process that took it is gone (renamed away first, so only one waiter does it). */
function breakIfStale(lockPath: string): void {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return;
  }
  const [pid, start] = text.split(' ');
  if (!pid || writerAlive(Number(pid), start || undefined)) return;
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, aside);
    // Another waiter may have broken it and taken a fresh lock in between: give that one back.
    if (readFileSync(aside, 'utf8') !== text) renameSync(aside, lockPath);
    else unlinkSync(aside);
  } catch {
    // Someone else broke it first.
  }
}

/** Runs `fn` holding the lock file `lockPath` (synchronously; waits for another holder to finish). */
export function withFileLock<T>(lockPath: string, fn: () => T): T {
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      fd = openSync(lockPath, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (attempt % 50 === 49) breakIfStale(lockPath);
      // A holder keeps it for one read and one small write: a millisecond is the right scale.
      Atomics.wait(pause, 0, 0, 1);
    }
  }
  try {
    writeSync(fd, owner());
    return fn();
  } finally {
    closeSync(fd);
    unlinkSync(lockPath);
  }
}
