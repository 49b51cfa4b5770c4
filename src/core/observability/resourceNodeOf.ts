// A Clusters-tree resource row for an object known only by kind and name (an alert's pod or node, a
// cluster-health item), so the tree's own commands (describe, YAML…) take it as if it had been clicked.
import { apiVersionOf, requireKind } from '../clients/kubernetes/index.js';
import { actionsFor } from '../views/clusters/actions.js';
import type { ResourceNode } from '../views/clusters/nodes.js';

/** The row for `kind` (name or plural) `namespace/name` of `context`; `idPrefix` tells where it came from. */
export function resourceNodeOf(idPrefix: string, context: string, kind: string, name: string, namespace?: string): ResourceNode {
  const k = requireKind(kind);
  const node = { type: 'resource', id: `${idPrefix}/${k.kind}/${namespace ?? ''}/${name}`, context, kind: k, object: { kind: k.kind, apiVersion: apiVersionOf(k), metadata: { name, namespace } } } as ResourceNode;
  node.allowed = actionsFor(node);
  return node;
}
