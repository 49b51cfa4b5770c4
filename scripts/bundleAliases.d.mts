import type { Plugin } from 'esbuild';
/** yaml's ES module entry (for `alias` where plugins cannot run: esbuild's buildSync). */
export const YAML_ESM: string;
/** esbuild plugin: `import … from 'yaml'` in our sources resolves to yaml's ES module build. */
export function yamlAsModule(): Plugin;
