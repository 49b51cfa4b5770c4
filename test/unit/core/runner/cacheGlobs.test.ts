// Cache globs follow picomatch: character classes, nested braces and `!` exclusions, on top of the
// `**`, `*`, `?` and `{a,b}` that the hand-written matcher knew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { globToRegExp, hashFiles, matchCacheFiles } from '../../../../src/core/runner/cache/cacheKey.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cache-globs-'));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
  return dir;
}

const FILES = ['src/a1.ts', 'src/a2.ts', 'src/b.ts', 'src/a1.test.ts', 'src/deep/x.js', 'src/deep/x.json', 'lib/c.mjs', 'lib/d.cjs', 'README.md', '.env'];

test('(unit) cache globs: [...] classes, nested braces, ! exclusions, old forms unchanged', () => {
  const dir = tree(FILES);
  try {
    assert.deepEqual(matchCacheFiles(dir, ['src/a[0-9].ts']), ['src/a1.ts', 'src/a2.ts']);
    assert.deepEqual(matchCacheFiles(dir, ['src/{a{1,2},b}.ts']), ['src/a1.ts', 'src/a2.ts', 'src/b.ts']);
    assert.deepEqual(matchCacheFiles(dir, ['lib/*.{m,c}js']), ['lib/c.mjs', 'lib/d.cjs']);
    assert.deepEqual(matchCacheFiles(dir, ['src/**/*.ts', '!**/*.test.ts']), ['src/a1.ts', 'src/a2.ts', 'src/b.ts']);
    assert.deepEqual(matchCacheFiles(dir, ['src/**', '!src/deep']), matchCacheFiles(dir, ['src/**', '!src/deep/**']), 'a literal folder excludes its files');
    assert.deepEqual(matchCacheFiles(dir, ['src/**', '!src/deep/**']), ['src/a1.test.ts', 'src/a1.ts', 'src/a2.ts', 'src/b.ts']);
    // The forms the old matcher knew keep their meaning (dot files included, literal folders expand).
    assert.deepEqual(matchCacheFiles(dir, ['**/*.json', 'README.md']), ['README.md', 'src/deep/x.json']);
    assert.deepEqual(matchCacheFiles(dir, ['*']), ['.env', 'README.md']);
    assert.deepEqual(matchCacheFiles(dir, ['lib']), ['lib/c.mjs', 'lib/d.cjs']);
    assert.deepEqual(matchCacheFiles(dir, ['src/deep/?.js']), ['src/deep/x.js']);
    // An exclusion is never a missing source.
    assert.deepEqual(hashFiles(dir, ['src/b.ts', '!src/none.ts']).missing, []);
    assert.ok(globToRegExp('a/[bc]/*.txt').test('a/c/x.txt'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
