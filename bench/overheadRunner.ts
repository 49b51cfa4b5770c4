// The runner as bench/overhead.bench.ts times it in process: bundled the way the extension bundle is
// (esbuild, minified, lazy bundles beside it), not run from the sources through tsx, whose keepNames
// `__name` calls and module getters cost a trivial step tens of µs the shipped code never pays.
export { parsePipeline } from '../src/core/pipeline/index.js';
export { RunStore, runPipeline } from '../src/core/runner/index.js';
