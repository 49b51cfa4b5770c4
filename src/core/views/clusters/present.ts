// What a row looks like: label, one-line status (ready/desired, phase, restarts, age), tooltip
// lines and a health that the provider turns into a coloured theme icon. Pure, so the tree's
// wording is unit-tested over recorded API objects.
import { describeResource, formatAge, type KubeObject } from '../../clients/kubernetes/index.js';
import { groupLabel, kindLabel } from './groups.js';
import type { ClusterNode, ContainerNode } from './nodes.js';

/** ok: green, warning: yellow, error: red, progress: blue, none: uncoloured. */
export type Health = 'ok' | 'warning' | 'error' | 'progress' | 'none';

/** A presented row. */
export interface Presentation {
  label: string;
  description: string;
  tooltip: string;
  health: Health;
  /** A codicon id. */
  icon: string;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KIND_ICONS: Record<string, string> = {
  Deployment: 'rocket', StatefulSet: 'database', DaemonSet: 'server-process', ReplicaSet: 'layers', Job: 'run-all', CronJob: 'watch',
  Pod: 'package', Service: 'plug', Ingress: 'globe', ConfigMap: 'settings', Secret: 'key', PersistentVolumeClaim: 'save',
  Event: 'bell', Node: 'server', Namespace: 'folder',
};

const GROUP_ICONS: Record<string, string> = { workloads: 'rocket', network: 'plug', config: 'settings', storage: 'save', custom: 'extensions', events: 'bell' };

/** The total restarts of a pod's containers. */
export function podRestarts(pod: KubeObject): number {
  return ((pod.status?.containerStatuses ?? []) as Any[]).reduce((a, c) => a + (c.restartCount ?? 0), 0);
}

function healthOf(obj: KubeObject, healthy: boolean | undefined, status: string): Health {
  if (obj.metadata.deletionTimestamp) return 'progress';
  if (obj.kind === 'Event') return obj.type === 'Warning' ? 'warning' : 'none';
  if (healthy === true) return 'ok';
  if (healthy === false) {
    // Pods waiting on something transient, and workloads still rolling out, are progress, not failure.
    if (/^(ContainerCreating|PodInitializing|Terminating|Pending)$/.test(status)) return 'progress';
    if (obj.kind === 'Deployment' || obj.kind === 'StatefulSet' || obj.kind === 'DaemonSet' || obj.kind === 'ReplicaSet') {
      return (obj.status?.readyReplicas ?? obj.status?.numberReady ?? 0) === 0 && ((obj.spec?.replicas as number | undefined) ?? 1) > 0 ? 'error' : 'warning';
    }
    return 'error';
  }
  return status === 'Pending' || status === 'Running' ? 'progress' : 'none';
}

/** The one-line description of an object row. */
export function describeObject(obj: KubeObject, now: number): { description: string; tooltip: string; health: Health } {
  const sum = describeResource(obj, now);
  const age = formatAge(obj.metadata.creationTimestamp, now);
  let parts: string[];
  switch (obj.kind) {
    case 'Pod': {
      const ready = sum.details.find(([k]) => k === 'Ready')?.[1] ?? '';
      const restarts = podRestarts(obj);
      parts = [sum.status, ready, restarts ? `${restarts} restart${restarts === 1 ? '' : 's'}` : '', age];
      break;
    }
    case 'Job': {
      const completions = sum.details.find(([k]) => k === 'Completions')?.[1] ?? '';
      parts = [sum.status, completions, age];
      break;
    }
    case 'Event': {
      const count = Number(obj.count ?? 1);
      const when = String(obj.lastTimestamp ?? obj.eventTime ?? obj.metadata.creationTimestamp ?? '');
      parts = [String(obj.type ?? ''), count > 1 ? `×${count}` : '', formatAge(when || undefined, now), String(obj.message ?? '')];
      break;
    }
    default:
      parts = [sum.status, age];
  }
  const tooltip = [`${obj.kind ?? ''} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`, ...sum.details.map(([k, v]) => `${k}: ${v}`)].join('\n');
  return { description: parts.filter(Boolean).join(' · '), tooltip, health: healthOf(obj, sum.healthy, sum.status) };
}

function containerState(n: ContainerNode): { description: string; health: Health; tooltip: string } {
  const statuses = ((n.init ? n.pod.status?.initContainerStatuses : n.pod.status?.containerStatuses) ?? []) as Any[];
  const spec = (((n.init ? n.pod.spec?.initContainers : n.pod.spec?.containers) ?? []) as Any[]).find((c) => c.name === n.name) ?? {};
  const s = statuses.find((c) => c.name === n.name);
  const state = s?.state ?? {};
  const [phase, reason] = state.running ? ['running', ''] : state.waiting ? ['waiting', state.waiting.reason ?? ''] : state.terminated ? ['terminated', state.terminated.reason ?? ''] : ['pending', ''];
  const restarts = s?.restartCount ?? 0;
  const health: Health = phase === 'running' ? (s?.ready ? 'ok' : 'warning') : phase === 'terminated' ? (state.terminated.exitCode === 0 ? 'ok' : 'error') : phase === 'waiting' && /BackOff|Err|Invalid/.test(reason) ? 'error' : 'progress';
  const description = [reason ? `${phase} (${reason})` : phase, n.init ? 'init' : '', s?.ready ? 'ready' : '', restarts ? `${restarts} restart${restarts === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
  const tooltip = [`Container ${n.name}${n.init ? ' (init)' : ''}`, `Image: ${spec.image ?? s?.image ?? ''}`, `State: ${description}`, ...(((spec.ports ?? []) as Any[]).length ? [`Ports: ${(spec.ports as Any[]).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}`] : [])].join('\n');
  return { description, health, tooltip };
}

/** Presents any node of the tree. */
export function present(node: ClusterNode, now = Date.now()): Presentation {
  switch (node.type) {
    case 'context': {
      const marks = [node.selected ? 'selected' : '', node.info.current ? 'current-context' : ''].filter(Boolean).join(', ');
      return {
        label: node.info.name,
        description: [marks, node.info.server].filter(Boolean).join(' · '),
        tooltip: `Context ${node.info.name}\nCluster: ${node.info.cluster}\nUser: ${node.info.user}\nServer: ${node.info.server}\nNamespace: ${node.info.namespace || 'default'}`,
        health: node.selected ? 'ok' : 'none',
        icon: node.selected ? 'vm-active' : 'vm',
      };
    }
    case 'namespace': {
      if (node.namespace === undefined) return { label: 'All namespaces', description: '', tooltip: 'Every namespace of the cluster', health: 'none', icon: 'folder-library' };
      const phase = String(node.object?.status?.phase ?? '');
      const description = [node.selected ? 'selected' : '', node.fromKubeconfig ? 'from kubeconfig' : phase === 'Terminating' ? phase : '', node.object ? formatAge(node.object.metadata.creationTimestamp, now) : ''].filter(Boolean).join(' · ');
      const tooltip = node.fromKubeconfig ? `Namespace ${node.namespace}\nYou may not list namespaces; this one comes from the kubeconfig context.` : `Namespace ${node.namespace}${phase ? `\nStatus: ${phase}` : ''}`;
      return { label: node.namespace, description, tooltip, health: phase === 'Terminating' ? 'progress' : 'none', icon: node.selected ? 'folder-active' : 'folder' };
    }
    case 'nodes':
      return { label: 'Nodes', description: '', tooltip: 'The nodes of the cluster', health: 'none', icon: 'server' };
    case 'group':
      return { label: groupLabel(node.group), description: '', tooltip: groupLabel(node.group), health: 'none', icon: GROUP_ICONS[node.group] ?? 'folder' };
    case 'kind':
      return { label: kindLabel(node.kind), description: node.kind.group ? `${node.kind.group}/${node.kind.version}` : '', tooltip: `${node.kind.kind} (${node.kind.group ? `${node.kind.group}/` : ''}${node.kind.version})`, health: 'none', icon: KIND_ICONS[node.kind.kind] ?? 'symbol-class' };
    case 'resource': {
      const d = describeObject(node.object, now);
      const label = node.object.kind === 'Event' ? eventLabel(node.object) : node.object.metadata.name;
      return { label, ...d, icon: KIND_ICONS[node.kind.kind] ?? 'symbol-class' };
    }
    case 'container': {
      const c = containerState(node);
      return { label: node.name, ...c, icon: 'symbol-constructor' };
    }
    case 'message':
      return { label: node.text, description: '', tooltip: node.detail ?? node.text, health: node.severity === 'error' ? 'error' : 'none', icon: node.severity === 'loading' ? 'loading~spin' : node.severity === 'error' ? 'warning' : 'info' };
  }
}

function eventLabel(ev: KubeObject): string {
  const io = (ev.involvedObject ?? {}) as Any;
  return `${io.kind ?? ''}/${io.name ?? ''}: ${String(ev.reason ?? '')}`;
}
