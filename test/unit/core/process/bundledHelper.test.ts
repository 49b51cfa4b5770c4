// The bundles find the C spawn helper the build put beside them (dist/native/): the `ansflow` CLI
// as built runs a step whose parent is that helper; with ANSFLOW_FORK_HELPER=python, Python's.
// Needs the build (`npm test` builds before the unit layer; a local run without dist/ skips).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCI } from '../../../ciMode.mjs';
import { nativeHelperFile } from '../../../../src/core/process/native/nativeHelper.js';

const DIST = join(__dirname, '..', '..', '..', '..', 'dist');
const NATIVE_FINDER = join(__dirname, '..', '..', '..', '..', 'src', 'core', 'process', 'native', 'nativeHelper.ts');
// A local dist/ built before the bundles knew of the helper would only test that old build.
const built =
  existsSync(join(DIST, 'cli-main.js')) && existsSync(join(DIST, 'native', nativeHelperFile())) && statSync(join(DIST, 'cli-main.js')).mtimeMs >= statSync(NATIVE_FINDER).mtimeMs;

test('(unit) the bundled CLI starts a step through the C helper beside it in dist/native/, or Python when told', built || isCI() ? {} : { skip: 'no build here newer than the helper finder (npm run build)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-bundled-helper-'));
  writeFileSync(join(dir, 'p.ansflow.yaml'), 'version: 1\nname: helper\nsteps:\n  who:\n    type: shell\n    with:\n      run: cat /proc/$PPID/comm\n');
  const run = (env: Record<string, string>) =>
    execFileSync(process.execPath, [join(DIST, 'cli.js'), 'run', join(dir, 'p.ansflow.yaml'), '--store', join(dir, 'runs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, ANSFLOW_NO_COMPILE_CACHE: '1' } });
  const parent = (out: string) => /^who +│ (\S+)$/m.exec(out)?.[1];
  const native = run({});
  // The process name is the file's, cut to 15 characters.
  assert.equal(parent(native), nativeHelperFile().slice(0, 15), native);
  assert.equal(parent(run({ ANSFLOW_FORK_HELPER: 'python' })), 'python3');
});
