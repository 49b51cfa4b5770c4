// Kubernetes pods as merged-log sources: every running container of the pods matching a namespace
// and label selector (a Deployment's selector, a label selector the user typed, or none for a whole
// namespace). Pods come from a ResourceCache watch, so new pods of a rollout are followed as they
// start and the old ones end when their containers stop.
import type { KubeClient } from '../../clients/kubernetes/KubeClient.js';
import { ResourceCache } from '../../clients/kubernetes/ResourceCache.js';
import { getResource } from '../../clients/kubernetes/resourceApi.js';
import { streamPodLogs } from '../../clients/kubernetes/podStreams.js';
import type { KubeObject } from '../../clients/kubernetes/types.js';
import { ToolError } from '../../contracts/result.js';
import type { LogMerger } from '../LogMerger.js';
import type { LogSource } from '../logSource.js';
import { reconnectingLines } from '../reconnectingLines.js';
import { sinceTimeOf } from '../logTimestamp.js';

/** Which pods to follow. */
export interface PodSelection {
  namespace: string;
  labelSelector?: string;
}

/** Options of {@link followPods}. */
export interface FollowPodsOptions {
  /** Lines of history per container when it is first followed. Default 200. */
  tailLines?: number;
  backoffMs?: number;
}

interface ContainerStatus {
  name: string;
  containerID?: string;
  state?: { running?: object; terminated?: object; waiting?: object };
}

/** A pod with the fields this file reads. */
export interface PodObject extends KubeObject {
  spec?: { containers?: { name: string }[] };
  status?: { containerStatuses?: ContainerStatus[] };
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A label selector object as the string form the list API takes (`a=b,c in (d,e),!f`). */
export function labelSelectorText(sel: LabelSelector | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** The pods a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) selects. */
export async function workloadPods(kube: KubeClient, kind: string, name: string, namespace: string, signal?: AbortSignal): Promise<PodSelection> {
  const obj = await getResource<KubeObject & { spec?: { selector?: LabelSelector } }>(kube, kind, name, namespace, signal);
  const labelSelector = labelSelectorText(obj.spec?.selector);
  if (!labelSelector) throw new ToolError('invalid-input', `${kind} ${namespace}/${name} has no pod selector to follow.`);
  return { namespace, labelSelector };
}

/** Source id of one container incarnation: a restarted container is a new source. */
export function podSourceId(namespace: string, pod: string, container: string, containerID: string): string {
  return `pod:${namespace}/${pod}/${container}/${containerID}`;
}

/** One container of one pod, followed with `sinceTime` reconnects while `isRunning` says it runs. */
export function podContainerSource(kube: KubeClient, namespace: string, pod: string, container: string, containerID: string, label: string, isRunning: () => boolean, options: FollowPodsOptions = {}): LogSource {
  return {
    id: podSourceId(namespace, pod, container, containerID),
    label,
    lines: (ctx) =>
      reconnectingLines(
        {
          open: (since, signal) => streamPodLogs(kube, namespace, pod, { container, follow: true, timestamps: true, ...(since === undefined ? { tailLines: options.tailLines ?? 200 } : { sinceTime: sinceTimeOf(since) }), signal }),
          stillRunning: async () => isRunning(),
          backoffMs: options.backoffMs,
        },
        ctx,
      ),
  };
}

/**
 * Adds a source to `merger` for each started container of the selected pods, now and as pods come.
 *
 * ```ts
 * const follow = followPods(kube, await workloadPods(kube, 'deployments', 'web', 'shop'), merger);
 * await follow.ready();
 * follow.dispose();   // stops the watch; the merger's sources end with their streams or the merger
 * ```
 */
export function followPods(kube: KubeClient, selection: PodSelection, merger: LogMerger, options: FollowPodsOptions = {}): { ready(): Promise<void>; dispose(): void } {
  const cache = new ResourceCache<PodObject>(kube, 'pods', { namespace: selection.namespace, labelSelector: selection.labelSelector || undefined });
  const runningNow = (pod: string, container: string, containerID: string): boolean => {
    const p = cache.get(pod, selection.namespace);
    const st = p?.status?.containerStatuses?.find((c) => c.name === container);
    return !!p && !p.metadata.deletionTimestamp && st?.containerID === containerID && !!st.state?.running;
  };
  const consider = (p: PodObject) => {
    const many = (p.spec?.containers?.length ?? 0) > 1;
    for (const st of p.status?.containerStatuses ?? []) {
      if (!st.containerID || !(st.state?.running || st.state?.terminated)) continue;
      const id = podSourceId(selection.namespace, p.metadata.name, st.name, st.containerID);
      if (merger.has(id)) continue;
      const label = many ? `${p.metadata.name}/${st.name}` : p.metadata.name;
      merger.add(podContainerSource(kube, selection.namespace, p.metadata.name, st.name, st.containerID, label, () => runningNow(p.metadata.name, st.name, st.containerID!), options));
    }
  };
  const sub = cache.onDidChange((e) => {
    if (e.type === 'sync' || e.type === 'page') e.objects.forEach(consider);
    else if (e.type !== 'deleted') consider(e.object);
  });
  return {
    // The cache keeps retrying a failed list; the view should say why (RBAC, cluster down) instead of waiting.
    ready: async () => {
      await cache.ready();
      if (cache.lastError) throw cache.lastError;
    },
    dispose: () => {
      sub.dispose();
      cache.dispose();
    },
  };
}
