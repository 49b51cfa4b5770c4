// (unit) The activation bundle stays small (issue #20): dist/extension.js, minified as `--production`
// builds it, is under 1 MiB and holds none of the heavy libraries, the validator, the schema or the CI
// importer; those are the lazy bundles (scripts/lazyBundles.mjs), which build, load and export what
// the sources use from them. Builds into a temp folder with the same plugin as esbuild.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Metafile } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');
const MiB = 1024 * 1024;
let out = '';
let bundle = '';
let inputs: string[] = [];
let lazy: typeof import('../../../scripts/lazyBundles.mjs');
let aliases: typeof import('../../../scripts/bundleAliases.mjs');
let lazyOutputs: Record<string, number> = {};

before(async () => {
  const esbuild = await import('esbuild');
  lazy = await import('../../../scripts/lazyBundles.mjs');
  aliases = await import('../../../scripts/bundleAliases.mjs');
  out = mkdtempSync(join(tmpdir(), 'ansflow-bundle-'));
  const nodeExternals = ['cpu-features', './crypto/build/Release/sshcrypto.node', '*.node'];
  const common = { bundle: true, minify: true, metafile: true, logLevel: 'silent' as const, legalComments: 'none' as const, absWorkingDir: ROOT };
  const [main, lazies] = await Promise.all([
    esbuild.build({ ...common, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir: out, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', ...nodeExternals], plugins: [lazy.lazyExternals() as never, aliases.yamlAsModule() as never] }),
    esbuild.build({ ...(lazy.lazyTargets({ ...common, external: nodeExternals }, join(out, 'lazy'))[0] as object) }),
  ]);
  bundle = readFileSync(join(out, 'extension.js'), 'utf8');
  inputs = Object.keys((main.metafile as Metafile).inputs);
  for (const [file, o] of Object.entries((lazies.metafile as Metafile).outputs)) lazyOutputs[relative(join(out, 'lazy'), join(ROOT, file))] = o.bytes;
});

after(() => {
  if (out) rmSync(out, { recursive: true, force: true });
  lazyOutputs = {};
});

test('(unit) the minified activation bundle is under 1 MiB', () => {
  const bytes = Buffer.byteLength(bundle);
  console.log(`dist/extension.js minified: ${(bytes / 1024).toFixed(1)} KiB; lazy: ${Object.entries(lazyOutputs).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KiB`).join(', ')}`);
  assert.ok(bytes < MiB, `dist/extension.js is ${bytes} bytes minified`);
});

test('(unit) the activation bundle holds none of the lazily loaded libraries or modules', () => {
  const packages = inputs.filter((f) => lazy.LAZY_PACKAGES.some((p) => f.includes(`node_modules/${p}/`)));
  assert.deepEqual(packages, [], 'bundled into dist/extension.js instead of a lazy bundle');
  const entries = Object.values(lazy.LAZY_BUNDLES).filter((e) => inputs.includes(e));
  assert.deepEqual(entries, [], 'lazy entries bundled into dist/extension.js');
  // Each is still reachable, as a require of its own file next to the bundle.
  for (const name of Object.keys(lazy.LAZY_BUNDLES)) assert.ok(bundle.includes(`require("./lazy/${name}.js")`) || bundle.includes(`import("./lazy/${name}.js")`), `dist/extension.js requires ./lazy/${name}.js`);
});

test('(unit) the activation bundle takes yaml as its ES module build only (no getter per read of a CommonJS export)', () => {
  const yaml = inputs.filter((f) => f.includes('node_modules/yaml/'));
  assert.ok(yaml.length > 0, 'yaml is bundled');
  assert.deepEqual(yaml.filter((f) => !f.includes('node_modules/yaml/browser/dist/')), [], 'CommonJS yaml modules bundled');
  assert.ok(!/__toESM\(require_dist\d*\(\)/.test(bundle), 'a CommonJS package wrapped for ES imports');
});

test('(unit) each lazy bundle builds and loads, and exports what the sources take from it', () => {
  /* eslint-disable @typescript-eslint/no-require-imports -- loading the built files is the check */
  const load = (name: string): Record<string, unknown> => require(join(out, 'lazy', `${name}.js`)) as Record<string, unknown>;
  for (const name of ['Exec', 'KubeConfig', 'PortForward']) assert.equal(typeof load('client-node')[name], 'function', `client-node.js exports ${name}`);
  assert.equal(typeof load('dockerode').default, 'function', 'dockerode.js exports the constructor');
  for (const name of ['pack', 'extract', 'zipSync', 'unzipSync', 'dockerignore']) assert.equal(typeof load('archive')[name], 'function', `archive.js exports ${name}`);
  assert.equal(typeof load('ajv').default, 'function', 'ajv.js exports Ajv');
  assert.equal(typeof (load('picomatch').default as { makeRe?: unknown }).makeRe, 'function', 'picomatch.js exports picomatch');
  assert.equal(typeof load('pipeline-validator').default, 'function', 'the validator is a function');
  assert.equal((load('pipeline-schema').default as { $id?: string }).$id, 'https://ansflow.dev/schemas/pipeline.schema.json');
  assert.equal(typeof load('ci-import').importCi, 'function', 'ci-import.js exports importCi');
  /* eslint-enable @typescript-eslint/no-require-imports */
});
