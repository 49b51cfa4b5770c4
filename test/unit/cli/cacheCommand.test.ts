// (unit) `ansflow cache list|clear [prefix]` over a real cache folder named by $ANSFLOW_CACHE_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { DependencyCache } from '../../../src/core/runner/cache/dependencyCache.js';
import { memoryIO } from '../helpers/memoryIO.js';

test('(unit) ansflow cache list shows entries newest first, clear removes them by prefix, json on request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cache-cli-'));
  const store = join(dir, 'store');
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, 'd'), { recursive: true });
  writeFileSync(join(ws, 'd', 'f.txt'), 'x');
  const cache = new DependencyCache(store);
  await cache.save(ws, 'npm-aaa', ['d']);
  await cache.save(ws, 'pip-bbb', ['d']);
  const env = { ...process.env, ANSFLOW_CACHE_DIR: store };

  const list = memoryIO(dir, env);
  assert.equal(await runCli(['cache', 'list'], list), 0);
  assert.match(list.out(), /^KEY +SIZE +FILES +LAST USED \(UTC\)\n/);
  assert.match(list.out(), /npm-aaa +\d+ B +1 /);
  assert.match(list.out(), /2 entries, .* in .*store\n$/);

  const cleared = memoryIO(dir, env);
  assert.equal(await runCli(['cache', 'clear', 'npm-'], cleared), 0);
  assert.match(cleared.out(), /Removed 1 entry from /);

  const json = memoryIO(dir, env);
  assert.equal(await runCli(['cache', 'list', '--format', 'json'], json), 0);
  assert.deepEqual(JSON.parse(json.out()).entries.map((e: { key: string }) => e.key), ['pip-bbb']);

  const bad = memoryIO(dir, env);
  assert.equal(await runCli(['cache', 'purge'], bad), 2);
  assert.match(bad.err(), /^ansflow: error: unknown action 'purge'; expected list or clear/);

  const empty = memoryIO(dir, { ...env, ANSFLOW_CACHE_DIR: join(dir, 'none') });
  assert.equal(await runCli(['cache', 'list'], empty), 0);
  assert.match(empty.out(), /^No cache entries in /);
});
