// The test runner fails a file that declares no test (node counts an empty file as one pass), while a
// file whose tests all skip (an engine absent outside CI) still counts as having tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNNER = resolve('test/runNodeTests.mjs');

function runLayer(dir: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [RUNNER, dir], { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
  return { status: r.status, stderr: r.stderr };
}

test('(unit) runNodeTests: a test file without tests fails the layer; skipped tests count as tests', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-layer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'real.test.ts'), "import { test } from 'node:test';\ntest('passes', () => {});\n");
  writeFileSync(join(dir, 'skipped.test.ts'), "import { test } from 'node:test';\ntest('needs an engine', (t) => { t.skip('engine absent'); });\n");
  writeFileSync(join(dir, 'sub', 'empty.test.ts'), '// every test was deleted\n');

  const withEmpty = runLayer(dir);
  assert.equal(withEmpty.status, 1, withEmpty.stderr);
  assert.match(withEmpty.stderr, /1 test file\(s\) declare no test/);
  assert.match(withEmpty.stderr, /sub\/empty\.test\.ts/);
  assert.doesNotMatch(withEmpty.stderr, /skipped\.test\.ts|real\.test\.ts/);

  rmSync(join(dir, 'sub', 'empty.test.ts'));
  const clean = runLayer(dir);
  assert.equal(clean.status, 0, clean.stderr);
});
