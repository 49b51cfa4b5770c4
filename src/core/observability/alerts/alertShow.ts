// What the "Show" action of an alert runs: the command that already shows that kind of object
// (describe for pods and nodes, inspect for containers, the run's log, the release's manifest),
// with the argument shape that command takes from its own tree.
import { resourceNodeOf } from '../resourceNodeOf.js';
import type { AlertTarget } from './AlertEngine.js';

/** The command id (without the `ansflow.` prefix) and its arguments. */
export function alertShowCommand(target: AlertTarget): { command: string; args: unknown[] } {
  switch (target.type) {
    case 'pod':
      return { command: 'kubeDescribe', args: [resourceNodeOf('alert', target.context, 'pods', target.name, target.namespace)] };
    case 'node':
      return { command: 'kubeDescribe', args: [resourceNodeOf('alert', target.context, 'nodes', target.name)] };
    case 'container':
      return { command: 'dockerInspect', args: [target.id] };
    case 'run':
      return { command: 'showRunLog', args: [target.runId] };
    case 'helm':
      return { command: 'helmShowManifest', args: [{ kind: 'revision', context: target.context, namespace: target.namespace, name: target.name, release: { revision: target.revision } }] };
  }
}
