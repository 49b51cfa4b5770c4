// The part of @kubernetes/client-node AnsFlow uses as values; the bundles build this file into
// dist/lazy/client-node.js (the whole library is 3.5 MB minified, this part about a quarter).
// Add a name here before using it through `clientNode()`: the loader is typed by this file.
export { Exec, KubeConfig, PortForward } from '@kubernetes/client-node';
