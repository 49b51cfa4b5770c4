// (unit) The dependency cache folder: save/restore round trip, restoreKeys prefixes (newest first),
// LRU eviction under the size limit, refusal of archives that would land outside, and hashFiles().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-fs';
import { DependencyCache, checkCachePaths, defaultCacheDirectory, pickEntry } from '../../../../../src/core/runner/cache/dependencyCache.js';
import { evaluateExpression } from '../../../../../src/core/runner/pipelineApi.js';
import { dependencyCacheEnv, dependencyCacheFor } from '../../../../../src/core/runner/cache/withDependencyCache.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `ansflow-depcache-${p}-`));

function populate(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
}

test('(unit) dependency cache: save then restore into a fresh folder by exact key; a miss restores nothing', async () => {
  const cache = new DependencyCache(tmp('store'));
  const a = tmp('a');
  populate(a, { 'deps/x/one.txt': '1', 'deps/two.txt': '2', 'other.txt': 'no' });
  const saved = await cache.save(a, 'deps-v1', ['deps']);
  assert.equal(saved?.files, 2);
  assert.equal(await cache.save(a, 'empty', ['nothing/**']), undefined, 'nothing matched: nothing stored');

  const b = tmp('b');
  assert.deepEqual(await cache.restore(b, 'deps-v1', []), { key: 'deps-v1', exact: true });
  assert.equal(readFileSync(join(b, 'deps/x/one.txt'), 'utf8'), '1');
  assert.ok(!existsSync(join(b, 'other.txt')));
  assert.equal(await cache.restore(tmp('c'), 'deps-v2', []), undefined);
  assert.deepEqual(cache.list().map((e) => e.key), ['deps-v1']);
});

test('(unit) dependency cache: restoreKeys are prefixes tried in order, the newest entry under a prefix wins', () => {
  const e = (key: string, created: number) => ({ key, size: 1, created, lastUsed: created, files: 1 });
  const entries = [e('npm-linux-aaa', 1), e('npm-linux-bbb', 3), e('npm-mac-ccc', 5)];
  assert.deepEqual(pickEntry(entries, 'npm-linux-zzz', ['npm-linux-', 'npm-']), { entry: entries[1], exact: false });
  assert.deepEqual(pickEntry(entries, 'npm-win-zzz', ['npm-win-', 'npm-']), { entry: entries[2], exact: false });
  assert.deepEqual(pickEntry(entries, 'npm-linux-aaa', ['npm-']), { entry: entries[0], exact: true });
  assert.equal(pickEntry(entries, 'pip-1', ['pip-']), undefined);
});

test('(unit) dependency cache: over the size limit the least recently used entries go, never the one just saved', async () => {
  const dir = tmp('lru');
  const ws = tmp('lru-ws');
  // Incompressible content so sizes are predictable.
  populate(ws, { 'd/a.bin': Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 251)).toString('latin1') });
  const big = new DependencyCache(dir, 10_000_000);
  const one = (await big.save(ws, 'k1', ['d']))!;
  await big.save(ws, 'k2', ['d']);
  await big.restore(tmp('r'), 'k1', []); // k1 is now the most recently used
  const small = new DependencyCache(dir, one.size * 2 + 10);
  await small.save(ws, 'k3', ['d']);
  assert.deepEqual(small.list().map((e) => e.key).sort(), ['k1', 'k3'], 'k2 was the least recently used');
  assert.equal(new DependencyCache(dir, 10).clear(), 2);
  assert.equal(await new DependencyCache(dir, 10).save(ws, 'huge', ['d']), undefined, 'an archive alone over the limit is not kept');
  assert.deepEqual(small.list(), []);
});

test('(unit) dependency cache: an archive with a path or link leading out of the folder is refused before anything is written', async () => {
  const dir = tmp('evil');
  const cache = new DependencyCache(dir);
  const ws = tmp('evil-ws');
  populate(ws, { 'd/ok.txt': 'ok' });
  const entry = (await cache.save(ws, 'evil', ['d']))!;
  assert.ok(entry);
  // Replace the stored archive with one holding `../escaped.txt`.
  const src = tmp('evil-src');
  populate(src, { 'a/escaped.txt': 'x' });
  const archive = join(dir, readdirTar(dir));
  await pipe(tar.pack(src, { entries: ['a/escaped.txt'], map: (h) => ({ ...h, name: '../escaped.txt' }) }), createGzip(), createWriteStream(archive));
  const into = join(tmp('evil-into'), 'in');
  await assert.rejects(cache.restore(into, 'evil', []), /cache entry 'evil' refused: archive entry '..\/escaped.txt' points outside/);
  assert.ok(!existsSync(join(into, '..', 'escaped.txt')));
  assert.match(checkCachePaths(['../up'])!, /inside the step's working directory/);
  assert.match(checkCachePaths(['/abs'])!, /must be relative/);
  assert.equal(checkCachePaths(['node_modules', '!node_modules/.cache']), undefined);
});

function readdirTar(dir: string): string {
  return readdirSync(dir).find((n) => n.endsWith('.tar.gz'))!;
}

test('(unit) dependency cache: the default folder follows XDG_CACHE_HOME, ~/.cache, and the macOS/Windows places', () => {
  assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/x/ansflow/deps');
  assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: 'rel' }, 'linux', '/home/u'), '/home/u/.cache/ansflow/deps');
  assert.equal(defaultCacheDirectory({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/ansflow/deps');
  assert.match(defaultCacheDirectory({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U'), /ansflow.cache.deps$/);
});

test('(unit) hashFiles(): one hash over the matched workspace files, empty when none match, changes with content', () => {
  const ws = tmp('hash');
  populate(ws, { 'package-lock.json': '{"a":1}', 'sub/package-lock.json': '{}' });
  const ctx = { params: {}, env: {}, secrets: {}, steps: {}, matrix: {}, run: { id: 'r', workspace: ws }, pipeline: { status: 'success' }, state: { failed: false, cancelled: false } };
  const h1 = evaluateExpression("hashFiles('**/package-lock.json')", ctx) as string;
  assert.match(h1, /^[0-9a-f]{64}$/);
  assert.equal(evaluateExpression("hashFiles('nothing-*.json')", ctx), '');
  assert.notEqual(evaluateExpression("hashFiles('package-lock.json')", ctx), h1);
  writeFileSync(join(ws, 'sub/package-lock.json'), '{"b":2}');
  assert.notEqual(evaluateExpression("HASHFILES('**/package-lock.json')", ctx), h1);
  assert.throws(() => evaluateExpression("hashFiles('../x')", ctx), /must be a path inside the workspace/);
  assert.throws(() => evaluateExpression("hashFiles('a')", { ...ctx, run: { id: 'r' } }), /only available while a pipeline runs/);
});

test('(unit) dependency cache: the editor settings reach the runner as ANSFLOW_CACHE_DIR / ANSFLOW_CACHE_MAX_MB, which pick the folder and limit', () => {
  const env = dependencyCacheEnv({ directory: '/srv/cache', maxSizeMB: 5 }, { PATH: '/bin' });
  assert.deepEqual(env, { PATH: '/bin', ANSFLOW_CACHE_DIR: '/srv/cache', ANSFLOW_CACHE_MAX_MB: '5' });
  const c = dependencyCacheFor(env);
  assert.equal(c.dir, '/srv/cache');
  assert.equal(c.maxBytes, 5 * 1024 * 1024);
  assert.deepEqual(dependencyCacheEnv({ directory: undefined, maxSizeMB: 2048 }, {}), { ANSFLOW_CACHE_MAX_MB: '2048' });
  const d = dependencyCacheFor({ HOME: '/h', XDG_CACHE_HOME: '/x', ANSFLOW_CACHE_MAX_MB: 'lots' });
  assert.equal(d.maxBytes, 2 * 1024 * 1024 * 1024, 'a bad limit falls back to the default');
});
