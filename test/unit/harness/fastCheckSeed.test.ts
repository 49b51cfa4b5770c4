// A failing fc.assert names its seed and path; this checks the seed survives the way the unit and
// integration layers are run (test/runNodeTests.mjs with the spec reporter), so a red property can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const RUNNER = resolve('test/runNodeTests.mjs');

test('(unit) runNodeTests: a failing fast-check property prints its seed and path in the report', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-fcseed-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'prop.test.ts'),
    `import { test } from 'node:test';\nimport fc from '${pathToFileURL(createRequire(resolve('package.json')).resolve('fast-check')).href}';\n` + "test('a property that fails', () => { fc.assert(fc.property(fc.integer(), (n) => n < 1000)); });\n",
  );
  const r = spawnSync(process.execPath, [RUNNER, dir], { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
  assert.equal(r.status, 1, r.stderr);
  const seed = /seed: (-?\d+), path: "([\d:]+)"/.exec(r.stdout);
  assert.ok(seed, `no seed in the report:\n${r.stdout.slice(0, 2000)}`);
});
