// The rows of the Clusters tree. Every node carries a stable id (context/namespace/…/name) so a
// refresh keeps expansion and selection, and the context it belongs to so actions need no lookup.
import type { KubeObject, ResourceKind } from '../../clients/kubernetes/index.js';
import type { ContextInfo } from './contexts.js';
import type { GroupId } from './groups.js';
import type { ActionId } from './actions.js';

interface Base {
  id: string;
  context: string;
}

/** A kubeconfig context. */
export interface ContextNode extends Base {
  type: 'context';
  info: ContextInfo;
  /** The extension's selected context. */
  selected: boolean;
}

/** A namespace, or "All namespaces" when `namespace` is undefined. */
export interface NamespaceNode extends Base {
  type: 'namespace';
  namespace?: string;
  object?: KubeObject;
  /** Shown from the kubeconfig because the user may not list namespaces. */
  fromKubeconfig?: boolean;
  selected?: boolean;
}

/** The cluster's Nodes folder. */
export interface NodesNode extends Base {
  type: 'nodes';
}

/** Workloads, Network, Config, Storage, Custom Resources, Events. */
export interface GroupNode extends Base {
  type: 'group';
  namespace?: string;
  group: GroupId;
}

/** One kind inside a group (Deployments, Pods, a custom resource…). */
export interface KindNode extends Base {
  type: 'kind';
  namespace?: string;
  kind: ResourceKind;
}

/** One object. */
export interface ResourceNode extends Base {
  type: 'resource';
  kind: ResourceKind;
  object: KubeObject;
  /** Actions RBAC allows on this row. */
  allowed: ActionId[];
}

/** A container of a pod. */
export interface ContainerNode extends Base {
  type: 'container';
  pod: KubeObject;
  name: string;
  init: boolean;
  allowed: ActionId[];
}

/** A placeholder row: loading, empty, or an error the user should read. */
export interface MessageNode extends Base {
  type: 'message';
  text: string;
  severity: 'info' | 'loading' | 'error';
  detail?: string;
}

export type ClusterNode = ContextNode | NamespaceNode | NodesNode | GroupNode | KindNode | ResourceNode | ContainerNode | MessageNode;

/** Namespace part of an id ('*' for all namespaces). */
export const nsPart = (namespace: string | undefined): string => namespace ?? '*';

/** The namespace an object lives in, or undefined for cluster-scoped ones. */
export const namespaceOf = (n: ResourceNode | ContainerNode): string | undefined => (n.type === 'resource' ? n.object : n.pod).metadata.namespace;
