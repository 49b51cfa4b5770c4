// A value over the environment's per-variable limit reaches a script through a private file whose
// name is random; the up-to-date fingerprint must depend on the value, not on that file's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

test('(unit) cache: a step given a value over 128 KiB is up to date when the value is unchanged, and runs when it changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cache-large-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
  writeFileSync(join(dir, 'in.txt'), 'source');
  const mk = () => pipeline([sh('pack', 'printf %s ${{ params.big }} | wc -c > n.txt', { cache: { sources: ['in.txt'], generates: [] } })]);
  const run = async (big: string) => (await runPipeline(mk(), { workspace: dir, store, params: { big } }).done).steps[0]!.status;
  const big = 'v'.repeat(200 * 1024);
  assert.equal(await run(big), 'success');
  assert.equal(readFileSync(join(dir, 'n.txt'), 'utf8').trim(), String(big.length));
  assert.equal(await run(big), 'up-to-date');
  assert.equal(await run(`${big}w`), 'success');
  assert.equal(readFileSync(join(dir, 'n.txt'), 'utf8').trim(), String(big.length + 1));
  assert.equal(await run(`${big}w`), 'up-to-date');
});
