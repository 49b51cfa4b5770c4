// Smoke tests of the shipped bundle, dist/cli.js, as users run it (`node dist/cli.js …`): the unit
// tests exercise src/cli through tsx, which cannot catch a bundling mistake (a missing asset, a
// dynamic require esbuild did not follow). `npm test` builds before the unit layer; run alone, this
// file rebuilds first when any source is newer than the bundle.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const BUNDLE = join(ROOT, 'dist', 'cli.js');

function newestSource(): number {
  let newest = 0;
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'schemas', 'esbuild.mjs', 'package.json', 'package-lock.json']) walk(join(ROOT, p));
  return newest;
}

function bundleTime(): number {
  try {
    return statSync(BUNDLE).mtimeMs;
  } catch {
    return -1;
  }
}

before(() => {
  if (bundleTime() >= newestSource()) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}${build.stderr}`);
});

function cli(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  // A clean environment (no NO_COLOR/CI quirks needed): what a user's shell would pass.
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('(unit) dist/cli.js: --version prints the package version, --help the commands', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  assert.deepEqual(cli(['--version'], ROOT), { code: 0, out: `ansflow ${version}\n`, err: '' });
  const help = cli(['--help'], ROOT);
  assert.equal(help.code, 0);
  for (const c of ['validate', 'graph', 'run', 'plan', 'history', 'logs', 'inventory']) assert.match(help.out, new RegExp(`\\n {2}${c} +\\S`));
});

test('(unit) dist/cli.js: validate an example and exit 0', () => {
  const r = cli(['validate', 'examples/data-pipeline.ansflow.yaml', '--format', 'json'], ROOT);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), [{ file: 'examples/data-pipeline.ansflow.yaml', diagnostics: [] }]);
});

test('(unit) dist/cli.js: run a tiny pipeline, record it, read it back; a failing step exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-dist-'));
  try {
    writeFileSync(join(dir, 'hi.ansflow.yaml'), 'version: 1\nname: hi\nparams:\n  who: {type: string, default: world}\nsteps:\n  greet:\n    type: shell\n    with:\n      run: echo "hello ${{ params.who }}"\n');
    writeFileSync(join(dir, 'boom.ansflow.yaml'), 'version: 1\nname: boom\nsteps:\n  fail:\n    type: shell\n    with:\n      run: exit 4\n');
    const run = cli(['run', 'hi.ansflow.yaml', '-p', 'who=bundle'], dir);
    assert.equal(run.code, 0, run.err + run.out);
    assert.match(run.out, /^greet\s+│ hello bundle$/m);
    const logs = cli(['logs', 'latest', 'greet'], dir);
    assert.deepEqual(logs, { code: 0, out: 'hello bundle\n', err: '' });
    const failed = cli(['run', 'boom.ansflow.yaml'], dir);
    assert.equal(failed.code, 1, failed.err + failed.out);
    const history = cli(['history', '--format', 'json'], dir);
    assert.equal(history.code, 0, history.err);
    assert.deepEqual((JSON.parse(history.out) as Array<{ pipeline: string; status: string }>).map((h) => [h.pipeline, h.status]), [['boom', 'failed'], ['hi', 'success']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) dist/cli.js: bad usage exits 2 with the error line and a hint', () => {
  const r = cli(['run', 'x.ansflow.yaml', '--concurrency', 'many'], ROOT);
  assert.deepEqual(r, { code: 2, out: '', err: "ansflow: error: --concurrency expects a whole number ≥ 1, got 'many'\nhint: see 'ansflow run --help'\n" });
  const unknown = cli(['lint'], ROOT);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /^ansflow: error: unknown command 'lint'\nhint: /);
});
