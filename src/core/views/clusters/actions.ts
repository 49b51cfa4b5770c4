// Which actions a row offers and the RBAC permission each needs. The provider encodes the allowed
// ones into the row's contextValue (`;scale;delete;`), so menus hide what the user may not do.
import type { AccessQuestion, ResourceKind } from '../../clients/kubernetes/index.js';
import type { ClusterNode } from './nodes.js';

export type ActionId = 'describe' | 'yaml' | 'edit' | 'delete' | 'copyName' | 'scale' | 'restart' | 'undo' | 'logs' | 'exec' | 'portForward';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);
const RESTARTABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** The actions a resource or container row of `kind` could offer, before RBAC. */
export function actionsFor(node: ClusterNode): ActionId[] {
  if (node.type === 'container') return ['logs', 'exec', 'copyName'];
  if (node.type !== 'resource') return [];
  const k = node.kind.kind;
  const out: ActionId[] = ['describe', 'yaml', 'copyName'];
  if (k !== 'Event') out.push('edit', 'delete');
  if (SCALABLE.has(k)) out.push('scale');
  if (RESTARTABLE.has(k)) out.push('restart');
  if (k === 'Deployment') out.push('undo');
  if (k === 'Pod') out.push('logs', 'exec', 'portForward');
  return out;
}

const POD: Pick<ResourceKind, 'group' | 'plural'> = { group: '', plural: 'pods' };

/** The access question that gates an action (undefined: reading is enough, already proven by the list). */
export function permissionFor(action: ActionId, kind: Pick<ResourceKind, 'group' | 'plural'>, namespace: string | undefined): AccessQuestion | undefined {
  switch (action) {
    case 'edit':
    case 'restart':
    case 'undo':
      return { verb: 'patch', kind, namespace };
    case 'delete':
      return { verb: 'delete', kind, namespace };
    case 'scale':
      return { verb: 'patch', kind, namespace, subresource: 'scale' };
    case 'logs':
      return { verb: 'get', kind: POD, namespace, subresource: 'log' };
    case 'exec':
      return { verb: 'create', kind: POD, namespace, subresource: 'exec' };
    case 'portForward':
      return { verb: 'create', kind: POD, namespace, subresource: 'portforward' };
    default:
      return undefined;
  }
}

/** The contextValue of a row: its type, its kind and the allowed actions, each between semicolons. */
export function contextValueOf(node: ClusterNode, allowed: readonly ActionId[] = []): string {
  const kind = node.type === 'resource' ? node.kind.kind : node.type === 'context' && node.selected ? 'selected' : node.type === 'namespace' && node.namespace === undefined ? 'all' : '';
  return `ansflow.kube.${node.type};${kind};${allowed.join(';')};`;
}
