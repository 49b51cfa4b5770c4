// One lazy loader per heavy library family. Each is a plain require() of an entry in ./vendor/:
// run from sources it loads the library, and in the esbuild bundles it becomes a require() of a
// separate file in dist/lazy/ (scripts/lazyBundles.mjs), so activating the extension or
// starting the CLI parses none of them; the first cluster, Docker, archive or template-step call does.
/* eslint-disable @typescript-eslint/no-require-imports -- loading on first use is the point */

type ClientNode = typeof import('./vendor/clientNode.js');
type Archive = typeof import('./vendor/archive.js');
type Dockerode = typeof import('./vendor/dockerode.js').default;
type Ajv = typeof import('./vendor/ajv.js').default;

let clientNodeLib: ClientNode | undefined;
let dockerodeLib: Dockerode | undefined;
let archiveModule: Archive | undefined;
let ajvLib: Ajv | undefined;

/** @kubernetes/client-node (the classes AnsFlow uses). */
export function clientNode(): ClientNode {
  return (clientNodeLib ??= require('./vendor/clientNode.js') as ClientNode);
}

/** The dockerode constructor. */
export function dockerode(): Dockerode {
  return (dockerodeLib ??= (require('./vendor/dockerode.js') as { default: Dockerode }).default);
}

/** tar-fs, fflate and @balena/dockerignore. */
export function archiveLib(): Archive {
  return (archiveModule ??= require('./vendor/archive.js') as Archive);
}

/** Ajv's constructor. */
export function ajv(): Ajv {
  return (ajvLib ??= (require('./vendor/ajv.js') as { default: Ajv }).default);
}
