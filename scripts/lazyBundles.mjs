// Code that activation and the CLI's start do not need ships as separate CJS bundles in dist/lazy/:
// the heavy libraries (client-node, dockerode with ssh2 and gRPC, tar/zip, Ajv's compiler, picomatch), the
// generated pipeline validator and schema, and the CI importer. The extension and CLI bundles mark
// each entry below external and require() it where it is first used (src/core/lazy/*.ts,
// loadSchema.ts, registerCiImport.ts), so activating parses none of them. Each library is bundled
// once, into its own file, so there is one copy of its classes and state, as with node_modules.
import { resolve } from 'node:path';

/** Lazy bundle (dist/lazy/<name>.js) → its entry in the sources. */
export const LAZY_BUNDLES = {
  'client-node': 'src/core/lazy/vendor/clientNode.ts',
  dockerode: 'src/core/lazy/vendor/dockerode.ts',
  archive: 'src/core/lazy/vendor/archive.ts',
  ajv: 'src/core/lazy/vendor/ajv.ts',
  picomatch: 'src/core/lazy/vendor/picomatch.ts',
  'pipeline-validator': 'src/core/pipeline/schema/pipelineValidator.generated.js',
  'pipeline-schema': 'src/core/lazy/vendor/pipelineSchema.ts',
  // The importer returns plain data (text, warnings), so its own copy of the parser and yaml is harmless.
  'ci-import': 'src/core/import/editorImport.ts',
};

/** Packages that may reach the extension bundle only through a lazy bundle (a unit test checks it). */
export const LAZY_PACKAGES = ['@kubernetes/client-node', 'dockerode', 'docker-modem', 'ssh2', '@grpc/grpc-js', 'protobufjs', 'tar-fs', 'fflate', '@balena/dockerignore', 'ajv', 'picomatch'];

const withoutExt = (p) => p.replace(/\.(ts|js)$/, '');

/** esbuild plugin: an import of a lazy entry becomes `require('./lazy/<name>.js')`, relative to the bundle. */
export function lazyExternals() {
  const byEntry = new Map(Object.entries(LAZY_BUNDLES).map(([name, entry]) => [withoutExt(resolve(entry)), name]));
  return {
    name: 'ansflow-lazy-externals',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const name = byEntry.get(withoutExt(resolve(args.resolveDir, args.path)));
        return name ? { path: `./lazy/${name}.js`, external: true } : undefined;
      });
    },
  };
}

/** esbuild options of the lazy bundles, from the options shared with the other node targets. */
export function lazyTargets(common, outdir = 'dist/lazy') {
  return [{ ...common, entryPoints: LAZY_BUNDLES, outdir, platform: 'node', format: 'cjs', target: 'node20' }];
}
