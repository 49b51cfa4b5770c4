// Rollout completeness follows kubectl's status viewers (kubectl/pkg/polymorphichelpers/
// rollout_status.go) so our progress line and "done" agree with `kubectl rollout status`.
import { ToolError } from '../../contracts/result.js';
import type { KubeClient } from './KubeClient.js';
import { ResourceCache } from './ResourceCache.js';
import { requireKind } from './resourceApi.js';
import type { KubeObject } from './types.js';

/** Where a rollout stands. */
export interface RolloutState {
  done: boolean;
  /** kubectl-style progress line. */
  message: string;
  /** Set when the rollout can no longer succeed (e.g. progress deadline exceeded). */
  failed?: string;
  /** Deployment revision annotation, StatefulSet update revision, DaemonSet observed generation. */
  revision?: string;
  /** 0..1 of updated+available replicas when known. */
  fraction?: number;
}

type Num = number | undefined;
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Computes the rollout state of a Deployment, StatefulSet or DaemonSet object. */
export function rolloutStatusOf(obj: KubeObject): RolloutState {
  const name = obj.metadata.name;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const st = (obj.status ?? {}) as Record<string, unknown>;
  const gen = obj.metadata.generation ?? 0;
  const observed = n(st.observedGeneration);
  switch (obj.kind) {
    case 'Deployment': {
      const revision = obj.metadata.annotations?.['deployment.kubernetes.io/revision'];
      if (gen > observed) return { done: false, message: `Waiting for deployment "${name}" spec update to be observed...`, revision };
      const conds = (st.conditions ?? []) as Array<{ type: string; reason?: string }>;
      if (conds.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) {
        return { done: false, failed: `deployment "${name}" exceeded its progress deadline`, message: `deployment "${name}" exceeded its progress deadline`, revision };
      }
      const want = (spec.replicas as Num) ?? 1;
      const updated = n(st.updatedReplicas);
      const total = n(st.replicas);
      const available = n(st.availableReplicas);
      const fraction = want === 0 ? 1 : Math.min(1, (updated + available) / (2 * want));
      if (updated < want) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, revision, fraction };
      if (total > updated) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`, revision, fraction };
      if (available < updated) return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, revision, fraction };
      return { done: true, message: `deployment "${name}" successfully rolled out`, revision, fraction: 1 };
    }
    case 'StatefulSet': {
      const revision = st.updateRevision as string | undefined;
      const strategy = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number } };
      if (strategy.type === 'OnDelete') return { done: true, message: `statefulset "${name}" uses OnDelete; rollout status is not tracked`, revision };
      if (gen > observed) return { done: false, message: `Waiting for statefulset "${name}" spec update to be observed...`, revision };
      const want = (spec.replicas as Num) ?? 1;
      const ready = n(st.readyReplicas);
      if (ready < want) return { done: false, message: `Waiting for ${want - ready} pods to be ready...`, revision, fraction: want ? ready / want : 1 };
      const partition = strategy.rollingUpdate?.partition ?? 0;
      if (partition > 0) {
        const updated = n(st.updatedReplicas);
        if (updated < want - partition) return { done: false, message: `Waiting for partitioned roll out to finish: ${updated} out of ${want - partition} new pods have been updated...`, revision };
        return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...`, revision, fraction: 1 };
      }
      if (st.updateRevision !== st.currentRevision) {
        return { done: false, message: `waiting for statefulset rolling update to complete ${n(st.updatedReplicas)} pods at revision ${String(st.updateRevision)}...`, revision };
      }
      return { done: true, message: `statefulset rolling update complete ${n(st.currentReplicas)} pods at revision ${String(st.currentRevision)}...`, revision, fraction: 1 };
    }
    case 'DaemonSet': {
      const revision = String(observed || gen);
      if (gen > observed) return { done: false, message: `Waiting for daemon set spec update to be observed...`, revision };
      const desired = n(st.desiredNumberScheduled);
      const updated = n(st.updatedNumberScheduled);
      const available = n(st.numberAvailable);
      if (updated < desired) return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`, revision, fraction: desired ? updated / desired / 2 : 0 };
      if (available < desired) return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`, revision, fraction: desired ? 0.5 + available / desired / 2 : 0 };
      return { done: true, message: `daemon set "${name}" successfully rolled out`, revision, fraction: 1 };
    }
    default:
      throw new ToolError('invalid-input', `rollout status works on Deployments, StatefulSets and DaemonSets, not ${obj.kind}.`);
  }
}

/** Options for {@link waitForRollout}. */
export interface WaitForRolloutOptions {
  namespace?: string;
  timeoutMs?: number;
  onProgress?(state: RolloutState): void;
  signal?: AbortSignal;
}

/** Watches one workload until its rollout completes; throws `timeout` or `tool-failed` (deadline exceeded). */
export async function waitForRollout(kube: KubeClient, kind: string, name: string, opts: WaitForRolloutOptions = {}): Promise<RolloutState> {
  const r = requireKind(kind);
  const namespace = opts.namespace ?? kube.namespace;
  const cache = new ResourceCache(kube, r, { namespace, fieldSelector: `metadata.name=${name}`, backoffMs: 300, maxBackoffMs: 3000 });
  let last = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<RolloutState>((resolve, reject) => {
      const check = () => {
        const obj = cache.get(name, namespace);
        if (!obj) return;
        const state = rolloutStatusOf({ ...obj, kind: r.kind });
        if (state.message !== last) {
          last = state.message;
          opts.onProgress?.(state);
        }
        if (state.failed) reject(new ToolError('tool-failed', state.failed, `kubectl describe ${r.kind.toLowerCase()} ${name} -n ${namespace} shows why.`));
        else if (state.done) resolve(state);
      };
      cache.onDidChange(check);
      cache.ready().then(() => {
        if (cache.lastError && cache.listCount === 0) reject(cache.lastError);
        else if (!cache.get(name, namespace)) reject(new ToolError('not-found', `${r.kind} "${name}" not found in namespace "${namespace}".`));
      }, reject);
      if (opts.timeoutMs) timer = setTimeout(() => reject(new ToolError('timeout', `Timed out after ${Math.round(opts.timeoutMs! / 1000)} s waiting for ${r.kind.toLowerCase()} "${name}": ${last || 'no status yet'}`)), opts.timeoutMs);
      opts.signal?.addEventListener('abort', () => reject(opts.signal!.reason ?? new Error('aborted')), { once: true });
    });
  } finally {
    if (timer) clearTimeout(timer);
    cache.dispose();
  }
}
