// Reads releases straight from the cluster so browsing needs no helm binary. Storage objects carry
// labels owner=helm, name, version (revision) and status, which lets us pick each release's latest
// revision before decoding anything; only those get gunzipped unless history is asked for.
import type { KubeClient } from '../kubernetes/KubeClient.js';
import { listResources } from '../kubernetes/resourceApi.js';
import { ResourceCache } from '../kubernetes/ResourceCache.js';
import type { Disposable, KubeObject } from '../kubernetes/types.js';
import { decodeReleaseConfigMap, decodeReleaseSecret, type HelmRelease, type HelmReleaseStatus } from './decodeRelease.js';

/** Options for {@link listHelmReleases}. */
export interface ListHelmReleasesOptions {
  /** Omit for all namespaces. */
  namespace?: string;
  /** Statuses to include; default like `helm list`: everything except uninstalled and superseded. */
  statuses?: HelmReleaseStatus[];
  /** Include the ConfigMap storage driver (Helm's older/alternative storage). Default true. */
  configMaps?: boolean;
  signal?: AbortSignal;
}

type Stored = KubeObject & { data?: Record<string, string>; type?: string };

const DEFAULT_HIDDEN: HelmReleaseStatus[] = ['uninstalled', 'superseded'];

function latestPerRelease(objs: Stored[]): Stored[] {
  const best = new Map<string, Stored>();
  for (const o of objs) {
    const l = o.metadata.labels ?? {};
    const key = `${o.metadata.namespace}/${l.name}`;
    const cur = best.get(key);
    if (!cur || Number(l.version) > Number(cur.metadata.labels?.version)) best.set(key, o);
  }
  return [...best.values()];
}

async function storedReleases(kube: KubeClient, opts: { namespace?: string; name?: string; configMaps?: boolean; signal?: AbortSignal }): Promise<Array<{ obj: Stored; driver: 'secret' | 'configmap' }>> {
  const labelSelector = `owner=helm${opts.name ? `,name=${opts.name}` : ''}`;
  const secrets = listResources<Stored>(kube, 'secrets', { namespace: opts.namespace, labelSelector, fieldSelector: 'type=helm.sh/release.v1' }, opts.signal);
  const cms = opts.configMaps === false ? Promise.resolve({ items: [] as Stored[] }) : listResources<Stored>(kube, 'configmaps', { namespace: opts.namespace, labelSelector }, opts.signal);
  const [s, c] = await Promise.all([secrets, cms]);
  return [...s.items.map((obj) => ({ obj, driver: 'secret' as const })), ...c.items.map((obj) => ({ obj, driver: 'configmap' as const }))];
}

function decode(obj: Stored, driver: 'secret' | 'configmap'): HelmRelease {
  return driver === 'secret' ? decodeReleaseSecret(obj) : decodeReleaseConfigMap(obj);
}

/** The latest revision of every release, sorted by namespace then name (like `helm list -A`). */
export async function listHelmReleases(kube: KubeClient, opts: ListHelmReleasesOptions = {}): Promise<HelmRelease[]> {
  const stored = await storedReleases(kube, opts);
  const driverOf = new Map(stored.map((s) => [s.obj, s.driver]));
  const latest = latestPerRelease(stored.map((s) => s.obj));
  const hidden = opts.statuses ? undefined : DEFAULT_HIDDEN;
  return latest
    .filter((o) => {
      const st = o.metadata.labels?.status as HelmReleaseStatus | undefined;
      return opts.statuses ? !!st && opts.statuses.includes(st) : !hidden!.includes(st as HelmReleaseStatus);
    })
    .map((o) => decode(o, driverOf.get(o)!))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Every stored revision of one release, oldest first (`helm history`). */
export async function getHelmReleaseHistory(kube: KubeClient, name: string, namespace?: string, signal?: AbortSignal): Promise<HelmRelease[]> {
  const stored = await storedReleases(kube, { namespace: namespace ?? kube.namespace, name, signal });
  return stored.map((s) => decode(s.obj, s.driver)).sort((a, b) => a.revision - b.revision);
}

/** One revision (latest when `revision` is omitted); undefined when absent. */
export async function getHelmRelease(kube: KubeClient, name: string, namespace?: string, revision?: number, signal?: AbortSignal): Promise<HelmRelease | undefined> {
  const history = await getHelmReleaseHistory(kube, name, namespace, signal);
  return revision === undefined ? history.at(-1) : history.find((r) => r.revision === revision);
}

/**
 * Calls `onChange` whenever a release's storage changes (install, upgrade, rollback, uninstall),
 * watching Secrets labelled owner=helm; the watch runs until the returned disposable is disposed.
 */
export function watchHelmReleases(kube: KubeClient, onChange: (e: { name: string; namespace: string; revision: number; status: string; deleted: boolean }) => void, namespace?: string): Disposable {
  const cache = new ResourceCache<Stored>(kube, 'secrets', { namespace, labelSelector: 'owner=helm' });
  const sub = cache.onDidChange((e) => {
    // List snapshots (sync, and pages of a first list) are not changes.
    if (!('object' in e)) return;
    const l = e.object.metadata.labels ?? {};
    onChange({ name: l.name ?? '', namespace: e.object.metadata.namespace ?? '', revision: Number(l.version), status: l.status ?? '', deleted: e.type === 'deleted' });
  });
  return {
    dispose: () => {
      sub.dispose();
      cache.dispose();
    },
  };
}
