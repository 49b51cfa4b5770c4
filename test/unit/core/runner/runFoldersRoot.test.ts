// Run folders live in a per-user folder under the system temp folder, so the stale-folder sweep at
// each run's start lists only our entries; a per-user folder someone else could have planted (a link,
// another mode, another owner) is not used.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleRunFolders, runFolderPath, runFoldersRoot } from '../../../../src/core/runner/runFolder.js';

const uid = process.getuid!();
const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
/** A fresh folder standing in for the system temp folder, removed after the file's tests. */
function fresh(prefix = 'af-root-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

test('(unit) run folders root: created 0700 as <tmp>/ansflow-<uid> and used; run folders go inside it', () => {
  const tmp = fresh();
  const root = runFoldersRoot(tmp);
  assert.equal(root, join(tmp, `ansflow-${uid}`));
  const st = lstatSync(root);
  assert.ok(st.isDirectory());
  assert.equal(st.mode & 0o777, 0o700);
  assert.equal(runFoldersRoot(tmp), root, 'an existing good one is used again');
  assert.equal(runFolderPath('r1', 42, root), join(root, 'ansflow-run-42-r1'));
});

test('(unit) run folders root: a link, a folder others can enter, or a file in its place gives the temp folder itself', () => {
  for (const plant of ['link', 'mode', 'file'] as const) {
    const tmp = fresh();
    const path = join(tmp, `ansflow-${uid}`);
    if (plant === 'link') {
      const elsewhere = fresh('af-elsewhere-');
      chmodSync(elsewhere, 0o700);
      symlinkSync(elsewhere, path);
    } else if (plant === 'mode') {
      mkdirSync(path);
      chmodSync(path, 0o777);
    } else {
      writeFileSync(path, '');
    }
    assert.equal(runFoldersRoot(tmp), tmp, plant);
  }
});


test('(unit) the stale sweep lists the per-user folder only: a dead runner’s folder there goes, names beside it in the temp folder are not read', async () => {
  const tmp = fresh();
  const root = runFoldersRoot(tmp);
  const dead = spawn('true');
  await new Promise((r) => dead.on('exit', r));
  const stale = runFolderPath('20260101-000000-dead00', dead.pid!, root);
  const outside = runFolderPath('20260101-000000-dead00', dead.pid!, tmp);
  for (const d of [stale, outside]) mkdirSync(d, { mode: 0o700 });
  assert.deepEqual(removeStaleRunFolders(root), [stale]);
  assert.ok(!existsSync(stale));
  assert.ok(existsSync(outside), 'the temp folder itself is not swept');
});
