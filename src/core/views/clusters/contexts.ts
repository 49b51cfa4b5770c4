// The contexts of a merged kubeconfig as the tree lists them, and which one is selected. The
// selection lives in the extension (it does not rewrite current-context in the user's files), so
// switching here never changes what a terminal's kubectl talks to.
import { kubeContexts, type LoadedKubeconfig } from '../../clients/kubernetes/index.js';

/** One context row. */
export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  server: string;
  /** The namespace the kubeconfig context names ('' when none). */
  namespace: string;
  /** kubectl's current-context. */
  current: boolean;
}

/** Every context of a loaded kubeconfig, in file order. */
export function listContexts(config: LoadedKubeconfig): ContextInfo[] {
  const current = config.raw['current-context'];
  // From the raw view, not client-node's object: listing contexts at activation loads no client library.
  return kubeContexts(config.raw).map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    server: c.server,
    namespace: c.namespace ?? '',
    current: c.name === current,
  }));
}

/** A remembered selection; stale names (context removed from the kubeconfig) fall back to current-context. */
export interface SelectionState {
  context?: string;
  namespace?: string;
}

/** The effective context and namespace for a remembered selection. */
export function resolveSelection(contexts: readonly ContextInfo[], saved: SelectionState): { context: string | undefined; namespace: string } {
  const chosen = contexts.find((c) => c.name === saved.context) ?? contexts.find((c) => c.current) ?? contexts[0];
  if (!chosen) return { context: undefined, namespace: 'default' };
  const sameContext = chosen.name === saved.context;
  return { context: chosen.name, namespace: (sameContext && saved.namespace) || chosen.namespace || 'default' };
}
