// The run's private temp folder (outputs files, inline scripts, artifact staging): 0700 in a per-user
// folder under the system temp dir, named with the owning process id so that the next run can remove
// folders left behind by a runner that crashed (kill -9, power loss) before its own cleanup. The
// per-user folder keeps that sweep to our own entries: listing a busy /tmp (17,000 entries on the
// shared test machine) cost every run 17-100 ms.
import { AsyncLocalStorage } from 'node:async_hooks';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../process/pidAlive.js';

const PREFIX = 'ansflow-run-';
const NAME = /^ansflow-run-(\d+)-/;

/**
 * The folder run folders go in: `<tmp>/ansflow-<uid>`, created 0700 when missing. Used only when it
 * is a real folder (not a link) owned by this user that nobody else can enter; one planted by another
 * user, or any that cannot be checked, gives the system temp folder itself (each run folder is 0700
 * and never reuses a path, so that layout is safe too, only its sweep lists all of /tmp).
 */
export function runFoldersRoot(tmp = tmpdir()): string {
  const uid = process.getuid?.();
  if (uid === undefined) return tmp;
  const path = join(tmp, `ansflow-${uid}`);
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch {
    // There already (checked below), or not creatable (the check fails).
  }
  try {
    const st = lstatSync(path);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0 ? path : tmp;
  } catch {
    return tmp;
  }
}

/** Where a run's temp folder goes (not created). */
export function runFolderPath(runId: string, pid = process.pid, root = runFoldersRoot()): string {
  return join(root, `${PREFIX}${pid}-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`);
}

/**
 * Creates the folder 0700. Never reuses an existing path: a folder or link planted there by another
 * user would otherwise receive the run's files.
 */
export function createRunFolder(path: string): void {
  mkdirSync(path, { mode: 0o700 });
}

/** Removes run folders of ours whose process is gone; returns their paths. Never throws. */
export function removeStaleRunFolders(root = runFoldersRoot()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(PREFIX));
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || pidAlive(pid)) continue;
    const path = join(root, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

// The run folder of the step running in this async context: clients that write a file holding
// values or secrets for a tool find it here without every step passing it down.
const currentRunFolder = new AsyncLocalStorage<string>();

/** Runs `fn` with `folder` as the run folder that {@link makePrivateTempDir} uses. */
export function withRunFolder<T>(folder: string, fn: () => T): T {
  return currentRunFolder.run(folder, fn);
}

/**
 * A fresh 0700 folder for files holding values or secrets: inside the current run's folder (so a
 * runner killed before its cleanup leaves them to the next run's stale-folder removal), else (no
 * run, or its folder is gone) in the system temp folder.
 */
export function makePrivateTempDir(prefix: string): string {
  const folder = currentRunFolder.getStore();
  if (folder) {
    try {
      return mkdtempSync(join(folder, prefix));
    } catch {
      // Fall through to the system temp folder.
    }
  }
  return mkdtempSync(join(tmpdir(), prefix));
}
