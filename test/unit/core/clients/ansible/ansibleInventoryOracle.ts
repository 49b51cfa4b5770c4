// The real `ansible-inventory --list` as the oracle of the native inventory parser's differential tests:
// one place for how it is called, how the files of a case are laid out, and what a missing Ansible means.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { isCI } from '../../../../ciMode.mjs';

const haveAnsibleInventory = spawnSync('ansible-inventory', ['--version'], { encoding: 'utf8' }).status === 0;

/** Whether the test can compare; without ansible-inventory it skips, or fails under CI (install.sh installs it). */
export function needAnsibleInventory(t: TestContext): boolean {
  if (haveAnsibleInventory) return true;
  if (isCI()) assert.fail(`ansible-inventory is not installed (CI=${process.env.CI})`);
  t.skip('ansible-inventory not installed');
  return false;
}

/** `ansible-inventory -i file --list`, uncoloured, refusing what it cannot parse instead of warning. */
export function ansibleInventoryList(file: string): SpawnSyncReturns<string> {
  return spawnSync('ansible-inventory', ['-i', file, '--list'], { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_INVENTORY_UNPARSED_FAILED: '1' } });
}

/** Runs `fn` on a fresh temp folder holding `files` ({ relative path: text }), removed afterwards. */
export function withInventoryFiles<T>(prefix: string, files: Record<string, string>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JSON with object keys sorted: Ansible's key order is not part of what is compared. */
export const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x));
