// Builds the three bundles: the extension host entry (CJS, `vscode` external), the headless CLI,
// and the browser bundles for webviews. Flags: --watch, --production (minify + size report),
// --outdir DIR (default dist: the benchmarks build the shipped layout into a folder of their own).
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lazyExternals, lazyTargets } from './scripts/lazyBundles.mjs';
import { yamlAsModule } from './scripts/bundleAliases.mjs';
import { buildSpawnHelper } from './src/core/process/native/build.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outAt = process.argv.indexOf('--outdir');
const out = outAt > 0 && process.argv[outAt + 1] ? process.argv[outAt + 1] : 'dist';

// ssh2 (pulled in by dockerode) has optional native helpers; they are loaded in try/catch at runtime.
const nodeExternals = ['cpu-features', './crypto/build/Release/sshcrypto.node', '*.node'];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [yamlAsModule()],
};

// When the host started evaluating dist/extension.js: activate() reports its load time from it.
const BUNDLE_START = 'var __ansflowBundleStart = performance.now();';

const nodeTargets = [
  {
    ...common,
    entryPoints: { extension: 'src/vscode/extension.ts' },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nodeExternals],
    plugins: [lazyExternals(), yamlAsModule()],
    banner: { js: BUNDLE_START },
  },
  {
    // The language worker thread the extension starts from dist/ (src/language/worker/LanguageWorkerClient.ts).
    ...common,
    entryPoints: { languageWorker: 'src/vscode/language/worker/languageWorker.ts' },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nodeExternals],
  },
  {
    ...common,
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nodeExternals],
    plugins: [lazyExternals(), yamlAsModule()],
  },
  {
    // The `bin`: a few KiB that run cli-main.js from a V8 code cache (src/cli/bin/compileCache.ts).
    ...common,
    entryPoints: { cli: 'src/cli/bin/ansflow.ts' },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // A young generation of at most 2 × 4 MiB: the runner's peak RSS while streaming output drops by
    // ~27 MiB at no measurable CPU cost (bench/README.md). `env -S`: coreutils ≥ 8.30, macOS, BSD.
    banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=4' },
  },
];

// Heavy libraries, the pipeline validator and schema, the CI importer: required at first use (scripts/lazyBundles.mjs).
nodeTargets.push(...lazyTargets({ ...common, external: nodeExternals }, join(out, 'lazy')));

const webviewEntries = existsSync('webview')
  ? Object.fromEntries(
      readdirSync('webview')
        .filter((d) => statSync(join('webview', d)).isDirectory() && existsSync(join('webview', d, 'main.tsx')))
        .map((d) => [d, join('webview', d, 'main.tsx')]),
    )
  : {};

const webTargets = Object.keys(webviewEntries).length
  ? [
      {
        ...common,
        entryPoints: webviewEntries,
        outdir: join(out, 'webview'),
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        jsx: 'automatic',
        jsxImportSource: 'preact',
      },
    ]
  : [];

const all = [...nodeTargets, ...webTargets];
mkdirSync(out, { recursive: true });

function report(result) {
  if (!production) return;
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`${file.padEnd(40)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
}

// The C spawn helper the runner prefers (src/core/process/native/); without a compiler, one line and on.
buildSpawnHelper(join(out, 'native'));

if (watch) {
  const contexts = await Promise.all(all.map((o) => esbuild.context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching…');
} else {
  const results = await Promise.all(all.map((o) => esbuild.build(o)));
  results.forEach(report);
  if (existsSync(join(out, 'cli.js'))) chmodSync(join(out, 'cli.js'), 0o755);
}
