// Steps shared by the e2e runners (code-server and desktop): build the extension, lay out the workspace.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
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
