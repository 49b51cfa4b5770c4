// The Kubernetes family's lazy loader. A plain require() of ./vendor/clientNode.js: run from sources it
// loads the library; in the esbuild bundles it is a require() of dist/lazy/client-node.js
// (scripts/lazyBundles.mjs), so activation and the CLI's start parse none of it.
// One file per family, so a bundle that needs one library pulls in no other.
type ClientNode = typeof import('./vendor/clientNode.js');

let lib: ClientNode | undefined;

/** @kubernetes/client-node (the classes AnsFlow uses), loaded at the first call. */
export function clientNode(): ClientNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading on first use is the point
  return (lib ??= require('./vendor/clientNode.js') as ClientNode);
}
