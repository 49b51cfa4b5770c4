// The `ansflow` entry (src/cli/bin/ansflow.ts) built as esbuild.mjs builds it, beside a small stand-in
// for the bundle, run as a user runs dist/cli.js: a child node with its own cache folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, '../../..');
let dir = '';
let cacheHome = '';
const cacheDir = (): string => join(cacheHome, 'ansflow', 'compile');

// Prints what the bundle sees of its module scope, then exits with a code of its own choosing.
const BUNDLE = [
  '"use strict";',
  'const m = require("node:path");',
  'process.stdout.write(JSON.stringify({ file: __filename, dir: __dirname, sep: m.sep, own: module.filename, exportsIsThis: this === exports }) + "\\n");',
  'if (process.argv[2] === "throw") throw new Error("boom");',
  'if (process.argv[2] === "lazy") process.stdout.write(JSON.stringify(require("./lazy/part.js")) + "\\n");',
  // Compiled only when `other` runs it (V8 compiles a function at its first call).
  `function other() { let s = 0; ${Array.from({ length: 200 }, (_, i) => `s = (s * 31 + ${i}) % 1000003;`).join(' ')} return s; }`,
  'if (process.argv[2] === "other") process.stdout.write(other() + "\\n");',
  'process.exitCode = 7;',
].join('\n');

// A lazy bundle (dist/lazy/*.js, required at first use): what it sees of its module scope.
const LAZY = ['"use strict";', 'module.exports = { file: __filename, dir: __dirname, exportsIsThis: this === exports, twice: require("./part.js") === module.exports };'].join('\n');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ansflow-ccache-'));
  cacheHome = join(dir, 'xdg');
  buildSync({ entryPoints: [join(ROOT, 'src/cli/bin/ansflow.ts')], outfile: join(dir, 'dist', 'cli.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  writeFileSync(join(dir, 'dist', 'cli-main.js'), BUNDLE);
  mkdirSync(join(dir, 'dist', 'lazy'));
  writeFileSync(join(dir, 'dist', 'lazy', 'part.js'), LAZY);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(extraEnv: Record<string, string> = {}, args: string[] = []): { code: number | null; out: string; err: string; cache: string[] } {
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: cacheHome, ANSFLOW_COMPILE_CACHE_DEBUG: '1', ...extraEnv };
  const r = spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr, cache: r.stderr.split('\n').filter((l) => l.startsWith('ansflow compile cache: ')).map((l) => l.slice(23)) };
}

/** The cache files (each has a list of the commands it holds beside it, `<file>.commands`). */
const files = (): string[] => (existsSync(cacheDir()) ? readdirSync(cacheDir()).filter((f) => f.endsWith('.bin')).sort() : []);
const lists = (): string[] => (existsSync(cacheDir()) ? readdirSync(cacheDir()).filter((f) => f.endsWith('.bin.commands')).sort() : []);

test('(unit) compile cache: the first start writes it (0600), the second loads it unrejected; the bundle runs as a main module', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  const first = run();
  const bundle = join(dir, 'dist', 'cli-main.js');
  assert.equal(first.code, 7, first.err);
  assert.deepEqual(JSON.parse(first.out), { file: bundle, dir: join(dir, 'dist'), sep: '/', own: bundle, exportsIsThis: true });
  assert.match(first.cache[0]!, /^miss \//);
  assert.match(first.cache[1]!, /^wrote \//);
  const [file] = files();
  assert.ok(file, 'a cache file');
  if (process.platform !== 'win32') assert.equal(statSync(join(cacheDir(), file)).mode & 0o777, 0o600);
  const second = run();
  assert.equal(second.code, 7);
  assert.equal(second.out, first.out);
  assert.deepEqual(second.cache, [`hit ${join(cacheDir(), file)}`]);
});

test('(unit) compile cache: a corrupt file is rejected, ignored and rewritten', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  run();
  const [file] = files();
  writeFileSync(join(cacheDir(), file!), 'not V8 data at all');
  const broken = run();
  assert.equal(broken.code, 7, broken.err);
  assert.deepEqual(broken.cache, [`rejected ${join(cacheDir(), file!)}`, `wrote ${join(cacheDir(), file!)}`]);
  assert.deepEqual(run().cache, [`hit ${join(cacheDir(), file!)}`]);
});

test('(unit) compile cache: a rebuilt bundle gets a new key and the old entry goes', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  run();
  const [old] = files();
  writeFileSync(join(dir, 'dist', 'cli-main.js'), `${BUNDLE}\n// rebuilt\n`);
  try {
    const r = run();
    assert.match(r.cache[0]!, /^miss /);
    const now = files();
    assert.equal(now.length, 1);
    assert.notEqual(now[0], old);
    assert.deepEqual(run().cache, [`hit ${join(cacheDir(), now[0]!)}`]);
  } finally {
    writeFileSync(join(dir, 'dist', 'cli-main.js'), BUNDLE);
  }
});

test('(unit) compile cache: ANSFLOW_NO_COMPILE_CACHE=1 neither reads nor writes it', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  const r = run({ ANSFLOW_NO_COMPILE_CACHE: '1' });
  assert.equal(r.code, 7);
  assert.deepEqual(r.cache, ['off']);
  assert.deepEqual(files(), []);
});

test('(unit) compile cache: an unwritable cache folder changes nothing for the CLI', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  writeFileSync(cacheHome, 'a file where the folder should be');
  try {
    const r = run();
    assert.equal(r.code, 7, r.err);
    assert.deepEqual(r.cache.map((l) => l.split(' ')[0]), ['miss']);
    assert.equal(r.err.split('\n').filter((l) => l && !l.startsWith('ansflow compile cache: ')).length, 0, r.err);
  } finally {
    rmSync(cacheHome, { force: true });
  }
});

test('(unit) compile cache: an error thrown by the bundle keeps its file and line, cached or not', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  for (let i = 0; i < 2; i++) {
    const r = run({}, ['throw']);
    assert.equal(r.code, 1);
    assert.match(r.err, /cli-main\.js:4\b/);
    assert.match(r.err, /Error: boom/);
  }
});

test('(unit) compile cache: with --enable-source-maps the bundle loads plainly and stack traces stay mapped', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  const src = join(dir, 'mapped.ts');
  writeFileSync(src, 'function f(): never {\n  throw new Error("mapped");\n}\nf();\n');
  const main = join(dir, 'dist', 'cli-main.js');
  buildSync({ entryPoints: [src], outfile: main, bundle: true, platform: 'node', format: 'cjs', sourcemap: 'linked', logLevel: 'error' });
  try {
    const r = run({ NODE_OPTIONS: '--enable-source-maps' });
    assert.equal(r.code, 1);
    assert.deepEqual(r.cache, ['off (source maps)']);
    assert.match(r.err, /mapped\.ts:2:9/);
    assert.deepEqual(files(), []);
  } finally {
    writeFileSync(main, BUNDLE);
    rmSync(`${main}.map`, { force: true });
  }
});

test('(unit) compile cache: a lazy bundle compiles through the cache with an entry of its own, and runs as a required module', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  const part = join(dir, 'dist', 'lazy', 'part.js');
  const first = run({}, ['lazy']);
  assert.equal(first.code, 7, first.err);
  assert.deepEqual(JSON.parse(first.out.split('\n')[1]!), { file: part, dir: join(dir, 'dist', 'lazy'), exportsIsThis: true, twice: true });
  assert.deepEqual(first.cache.map((l) => l.split(' ')[0]), ['miss', 'lazy-part-miss', 'wrote', 'lazy-part-wrote']);
  const entries = files();
  assert.equal(entries.length, 2);
  const second = run({}, ['lazy']);
  assert.equal(second.out, first.out);
  assert.deepEqual(second.cache.map((l) => l.split(' ')[0]), ['hit', 'lazy-part-hit']);
  // Not required, not read: a start that needs no lazy bundle pays nothing for them (its own command is
  // new to the main entry, which takes what it compiled).
  assert.deepEqual(run().cache.map((l) => l.split(' ')[0]), ['hit', 'wrote']);
});

test('(unit) compile cache: a rebuilt lazy bundle replaces its own entry and leaves the main one (and the other way round)', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  run({}, ['lazy']);
  const [main, lazy] = [files().find((f) => !f.includes('lazy-')), files().find((f) => f.includes('lazy-part-'))];
  assert.ok(main && lazy, files().join(', '));
  const part = join(dir, 'dist', 'lazy', 'part.js');
  try {
    writeFileSync(part, `${LAZY}\n// rebuilt\n`);
    assert.deepEqual(run({}, ['lazy']).cache.map((l) => l.split(' ')[0]), ['hit', 'lazy-part-miss', 'lazy-part-wrote']);
    assert.equal(files().length, 2);
    assert.ok(files().includes(main));
    assert.ok(!files().includes(lazy));
    const newLazy = files().find((f) => f.includes('lazy-part-'))!;
    writeFileSync(join(dir, 'dist', 'cli-main.js'), `${BUNDLE}\n// rebuilt\n`);
    assert.deepEqual(run({}, ['lazy']).cache.map((l) => l.split(' ')[0]), ['miss', 'lazy-part-hit', 'wrote']);
    assert.equal(files().length, 2);
    assert.ok(files().includes(newLazy));
    assert.ok(!files().includes(main));
  } finally {
    writeFileSync(part, LAZY);
    writeFileSync(join(dir, 'dist', 'cli-main.js'), BUNDLE);
  }
});

test('(unit) compile cache: ANSFLOW_NO_COMPILE_CACHE=1 loads lazy bundles plainly too', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  const r = run({ ANSFLOW_NO_COMPILE_CACHE: '1' }, ['lazy']);
  assert.equal(r.code, 7, r.err);
  assert.deepEqual(r.cache, ['off']);
  assert.deepEqual(files(), []);
});

test('(unit) compile cache: a start by a command the cache has not seen adds what it compiled, once', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  assert.deepEqual(run().cache.map((l) => l.split(' ')[0]), ['miss', 'wrote']);
  const [file] = files();
  const before = statSync(join(cacheDir(), file!)).size;
  const grown = run({}, ['other']);
  assert.equal(grown.code, 7, grown.err);
  assert.deepEqual(grown.cache, [`hit ${join(cacheDir(), file!)}`, `wrote ${join(cacheDir(), file!)}`]);
  assert.ok(statSync(join(cacheDir(), file!)).size > before, 'the data now holds the function only `other` compiles');
  assert.deepEqual(run({}, ['other']).cache, [`hit ${join(cacheDir(), file!)}`]);
  assert.deepEqual(run().cache, [`hit ${join(cacheDir(), file!)}`]);
  assert.deepEqual(lists(), [`${file}.commands`]);
  if (process.platform !== 'win32') assert.equal(statSync(join(cacheDir(), `${file}.commands`)).mode & 0o777, 0o600);
});

test('(unit) compile cache: a rebuilt bundle takes its old entry\'s command list with it', () => {
  rmSync(cacheHome, { recursive: true, force: true });
  run({}, ['other']);
  writeFileSync(join(dir, 'dist', 'cli-main.js'), `${BUNDLE}\n// rebuilt\n`);
  try {
    assert.deepEqual(run({}, ['other']).cache.map((l) => l.split(' ')[0]), ['miss', 'wrote']);
    assert.deepEqual(lists(), files().map((f) => `${f}.commands`));
  } finally {
    writeFileSync(join(dir, 'dist', 'cli-main.js'), BUNDLE);
  }
});

test('(unit) compile cache: the command of a start is its first argument that is not an option', async () => {
  const { commandOf } = await import('../../../src/cli/bin/compileCache.js');
  assert.equal(commandOf(['node', 'cli.js', 'run', 'x.yaml']), 'run');
  assert.equal(commandOf(['node', 'cli.js', '--debug', 'validate']), 'validate');
  assert.equal(commandOf(['node', 'cli.js', '--version']), '-');
  assert.equal(commandOf(['node', 'cli.js', '../odd/Path']), '?');
});
