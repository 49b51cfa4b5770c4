// `yaml` for our own code as its ES module build. For Node it resolves to its CommonJS build, which
// esbuild can only reach through a getter per property read (`__toESM`): each `isScalar(x)` of the
// parser and validator went through one (~20 ms of a cold 2,000-step validation here). The ES module
// build is the same code, bundled with direct references; it differs only in sending a warning to
// console.warn instead of process.emitWarning. Dependencies keep what they resolve (the validate
// bench bundles yaml-language-server as its extension ships it).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** yaml's ES module entry (for `alias` where plugins cannot run: esbuild's buildSync); found from here, whatever the working folder. */
export const YAML_ESM = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'dist', 'index.js');

/** esbuild plugin: `import … from 'yaml'` in our sources resolves to yaml's ES module build. */
export function yamlAsModule() {
  return {
    name: 'ansflow-yaml-esm',
    setup(build) {
      build.onResolve({ filter: /^yaml$/ }, (args) => (args.importer.includes('/node_modules/') ? undefined : { path: YAML_ESM }));
    },
  };
}
