// Steps shared by the e2e runners (code-server and desktop): build the extension, lay out the workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root (the extension under development). */
export const ROOT = resolve(HERE, '..', '..');

/** Runs esbuild.mjs (dist/extension.js, dist/cli.js, webviews); throws when the build fails. */
export function buildExtension() {
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('the extension build (node esbuild.mjs) failed');
}

/** Workspace = copy of examples/ plus the suite's own fixtures under e2e-fixtures/. */
export function makeWorkspace(dir) {
  mkdirSync(dir, { recursive: true });
  const examples = join(ROOT, 'examples');
  if (existsSync(examples)) cpSync(examples, dir, { recursive: true });
  cpSync(join(HERE, 'fixtures'), join(dir, 'e2e-fixtures'), { recursive: true });
  return dir;
}

/** Packages the extension with the `npm run package` flags into `out`; returns `out`. */
export function packageVsix(out) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const args = pkg.scripts.package.split(/\s+/).slice(1);
  const o = args.indexOf('-o');
  if (o < 0) throw new Error('the package script does not write with -o');
  args.splice(o, 2, '-o', out);
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed: ${(r.stderr || r.stdout).trim().slice(-800)}`);
  return out;
}
