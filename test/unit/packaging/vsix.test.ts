// (unit) The VSIX ships the bundles, the manifest and what the manifest points at — and no dev files.
// Packages once per file with the real @vscode/vsce (the same flags as `npm run package`) into a temp dir.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
let tmp = '';
let vsix = '';
let entries: string[] = [];

/** The package script's vsce flags, with the output redirected to `out`. */
function vsceArgs(out: string): string[] {
  const script: string = pkg.scripts.package;
  const args = script.split(/\s+/).slice(1);
  const o = args.indexOf('-o');
  assert.ok(o >= 0, 'the package script writes with -o');
  args.splice(o, 2, '-o', out);
  return args;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ansflow-vsix-'));
  vsix = join(tmp, 'ansflow.vsix');
  // `npm test` builds before the unit layer; build here only when the bundles are missing.
  if (!['extension.js', 'cli.js', 'languageWorker.js'].every((f) => existsSync(join(ROOT, 'dist', f)))) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
  }
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), vsceArgs(vsix), { cwd: ROOT, stdio: 'pipe' });
  entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('(unit) the VSIX contains the manifest and both bundles', () => {
  for (const f of ['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/readme.md']) {
    assert.ok(entries.includes(f), `${f} is packaged`);
  }
});

test('(unit) the VSIX contains the language worker the extension starts from dist/', () => {
  assert.ok(entries.includes('extension/dist/languageWorker.js'), 'dist/languageWorker.js is packaged');
  assert.ok(!entries.includes('extension/dist/languageWorker.js.map'), 'its source map is not');
});

test('(unit) the VSIX contains every lazy bundle (dist/lazy/, required at first use)', async () => {
  const { LAZY_BUNDLES } = await import('../../../scripts/lazyBundles.mjs');
  for (const name of Object.keys(LAZY_BUNDLES)) assert.ok(entries.includes(`extension/dist/lazy/${name}.js`), `dist/lazy/${name}.js is packaged`);
});

test('(unit) every file the manifest refers to is packaged', () => {
  const c = pkg.contributes;
  const refs: string[] = [
    pkg.main,
    pkg.icon,
    ...c.languages.filter((l: { configuration?: string }) => l.configuration).map((l: { configuration: string }) => l.configuration),
    ...c.grammars.map((g: { path: string }) => g.path),
    ...(c.yamlValidation ?? []).map((v: { url: string }) => v.url),
    ...c.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
  ];
  assert.ok(refs.some((r) => r.includes('schemas/')), 'the manifest contributes the pipeline schema');
  for (const ref of refs) {
    const inVsix = `extension/${posix.normalize(ref).replace(/^\.\//, '')}`;
    assert.ok(existsSync(join(ROOT, ref)), `${ref} (referenced by package.json) exists in the repo`);
    assert.ok(entries.includes(inVsix), `${inVsix} is packaged`);
  }
  assert.ok(entries.some((e) => /^extension\/schemas\/.+\.json$/.test(e)), 'schemas/*.json are packaged');
});

test('(unit) the VSIX carries no sources, tests, dependencies or source maps', () => {
  const banned = entries.filter(
    (e) =>
      /^extension\/(src|test|bench|webview|node_modules|scripts|examples|out|\.ci|\.vscode|\.github)\//.test(e) ||
      /\.(ts|tsx|map|mjs)$/.test(e) ||
      /(^|\/)(tsconfig\.json|esbuild\.mjs|eslint\.config\.mjs|package-lock\.json|\.vscodeignore|\.gitignore)$/.test(e) ||
      /\.vsix$/.test(e),
  );
  assert.deepEqual(banned, []);
});

test('(unit) the VSIX carries the C spawn helper the build made (dist/native/), executable', async (t) => {
  const { spawnHelperFile } = await import('../../../src/core/process/native/build.mjs');
  const { isCI } = await import('../../ciMode.mjs');
  const file = `dist/native/${spawnHelperFile()}`;
  // Without a C compiler the build makes none (one line says so); CI has one.
  if (!existsSync(join(ROOT, file)) && !isCI()) return t.skip('no C compiler here: no spawn helper built');
  assert.ok(entries.includes(`extension/${file}`), `${file} is packaged`);
  // Mode bits as the zip records them (an extractor may still drop them: nativeHelper.ts restores them).
  const listing = execFileSync('unzip', ['-Z', vsix, `extension/${file}`], { encoding: 'utf8' });
  assert.match(listing, /^-rwx/m, listing);
});

test('(unit) the VSIX stays small', () => {
  // Everything is bundled; a jump here means dev files or unbundled dependencies slipped in.
  assert.ok(statSync(vsix).size < 10 * 1024 * 1024, `VSIX is ${statSync(vsix).size} bytes`);
});
