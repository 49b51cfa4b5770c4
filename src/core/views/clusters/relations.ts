// Which pods a workload owns and in what order rows are listed. Pods are matched by the workload's
// label selector (what the controllers themselves use), so a Deployment shows its pods without
// walking the ReplicaSets in between; CronJobs list their Jobs by owner reference.
import type { KubeObject } from '../../clients/kubernetes/index.js';

type Expr = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Expr[] };

/** Whether labels satisfy a LabelSelector; an empty selector matches nothing (as for workloads). */
export function matchesSelector(selector: Selector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  const exprs = selector.matchExpressions ?? [];
  const ml = Object.entries(selector.matchLabels ?? {});
  if (ml.length === 0 && exprs.length === 0) return false;
  if (!ml.every(([k, v]) => l[k] === v)) return false;
  return exprs.every((e) => {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(l[e.key]!);
      case 'NotIn': return !has || !(e.values ?? []).includes(l[e.key]!);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/** Kinds whose rows expand to their pods. */
export const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The pods of a workload (same namespace, selector match). */
export function podsOf(workload: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const sel = workload.spec?.selector as Selector | undefined;
  return pods.filter((p) => p.metadata.namespace === workload.metadata.namespace && matchesSelector(sel, p.metadata.labels));
}

/** The objects `owner` controls, by owner reference uid. */
export function ownedBy(owner: KubeObject, objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
}

function eventTime(e: KubeObject): string {
  return String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
}

/** Row order: events newest first; everything else by namespace, then name (natural: pod-2 before pod-10). */
export function sortObjects(objects: KubeObject[]): KubeObject[] {
  if (objects[0]?.kind === 'Event' || objects.every((o) => o.involvedObject)) {
    return objects.sort((a, b) => eventTime(b).localeCompare(eventTime(a)) || a.metadata.name.localeCompare(b.metadata.name));
  }
  return objects.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || collator.compare(a.metadata.name, b.metadata.name));
}

const collator = new Intl.Collator('en', { numeric: true });

/** Whether a namespace name passes a filter: comma-separated substrings or globs (`team-*`); empty passes all. */
export function namespaceMatches(filter: string | undefined, name: string): boolean {
  const parts = (filter ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return true;
  return parts.some((p) => (p.includes('*') ? new RegExp(`^${p.split('*').map(escape).join('.*')}$`).test(name) : name.includes(p)));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether rows of this kind expand (workloads to pods, CronJobs to Jobs, pods to containers). */
export function hasChildRows(kind: string | undefined): boolean {
  return POD_OWNERS.has(kind ?? '') || kind === 'CronJob' || kind === 'Pod';
}
