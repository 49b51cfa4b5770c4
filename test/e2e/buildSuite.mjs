// Bundles the host-side e2e suite (test/e2e/suite/index.ts and every *.e2e.ts under it) into an
// output folder, one file per entry, `vscode` external, so the extension host can require them.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUITE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'suite');

function findEntries(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findEntries(p));
    else if (name.endsWith('.e2e.ts')) out.push(p);
  }
  return out;
}

/** Builds the suite into `outDir`; returns { indexPath, testFiles }. */
export async function buildSuite(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tests = findEntries(SUITE_DIR);
  const entryPoints = Object.fromEntries(
    [join(SUITE_DIR, 'index.ts'), ...tests].map((p) => [relative(SUITE_DIR, p).replace(/\.ts$/, ''), p]),
  );
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'error',
    // mocha requires test files and reporters by computed path; those stay runtime requires.
    logOverride: { 'unsupported-require-call': 'silent', 'unsupported-dynamic-import': 'silent' },
  });
  return { indexPath: resolve(outDir, 'index.js'), testFiles: tests.map((t) => relative(SUITE_DIR, t)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? 'out/e2e-suite');
  const r = await buildSuite(out);
  console.log(`built ${r.testFiles.length} e2e test file(s) into ${out}`);
}
