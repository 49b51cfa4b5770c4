// What the "Show" action of an alert runs: the command that already shows that kind of object
// (describe for pods and nodes, inspect for containers, the run's log, the release's manifest),
// with the argument shape that command takes from its own tree.
import { apiVersionOf, requireKind } from '../../clients/kubernetes/index.js';
import { actionsFor } from '../../views/clusters/actions.js';
import type { ResourceNode } from '../../views/clusters/nodes.js';
import type { AlertTarget } from './AlertEngine.js';

/** The command id (without the `ansflow.` prefix) and its arguments. */
export function alertShowCommand(target: AlertTarget): { command: string; args: unknown[] } {
  switch (target.type) {
    case 'pod':
    case 'node': {
      const kind = requireKind(target.type === 'pod' ? 'pods' : 'nodes');
      const namespace = target.type === 'pod' ? target.namespace : undefined;
      const node = { type: 'resource', id: `alert/${kind.kind}/${namespace ?? ''}/${target.name}`, context: target.context, kind, object: { kind: kind.kind, apiVersion: apiVersionOf(kind), metadata: { name: target.name, namespace } } } as ResourceNode;
      node.allowed = actionsFor(node);
      return { command: 'kubeDescribe', args: [node] };
    }
    case 'container':
      return { command: 'dockerInspect', args: [target.id] };
    case 'run':
      return { command: 'showRunLog', args: [target.runId] };
    case 'helm':
      return { command: 'helmShowManifest', args: [{ kind: 'revision', context: target.context, namespace: target.namespace, name: target.name, release: { revision: target.revision } }] };
  }
}
