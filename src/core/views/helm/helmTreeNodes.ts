// The Helm Releases tree as data: context > namespace > release > revision, built from Helm's
// storage objects (Secrets of type helm.sh/release.v1, or ConfigMaps of the configmap driver).
// Grouping and status come from the storage labels (owner, name, version, status), so only the
// rows on screen need their gzipped release decoded.
import type { HelmRelease, HelmReleaseStatus } from '../../clients/helm/index.js';
import type { KubeObject } from '../../clients/kubernetes/index.js';

/** A storage object of one release revision, as the API returns it. */
export type HelmStorageObject = KubeObject & { data?: Record<string, string>; type?: string };

/** A storage object and the driver that wrote it. */
export interface StoredRevision {
  obj: HelmStorageObject;
  driver: 'secret' | 'configmap';
}

/** A kube context row. */
export interface HelmContextNode {
  kind: 'context';
  context: string;
  /** The extension's selected context. */
  selected: boolean;
  /** The namespace the selection (or the context) names. */
  namespace: string;
}

/** A namespace holding at least one release. */
export interface HelmNamespaceNode {
  kind: 'namespace';
  context: string;
  namespace: string;
  releases: number;
  selected: boolean;
}

/** A release, shown by its latest revision. */
export interface HelmReleaseNode {
  kind: 'release';
  context: string;
  namespace: string;
  name: string;
  latest: HelmRelease;
  revisions: number;
}

/** One stored revision of a release. */
export interface HelmRevisionNode {
  kind: 'revision';
  context: string;
  namespace: string;
  name: string;
  release: HelmRelease;
  /** The latest revision (the one in effect; rollback does not apply to it). */
  latest: boolean;
}

/** A line of text in place of rows: loading failed, nothing found. */
export interface HelmMessageNode {
  kind: 'message';
  context?: string;
  text: string;
  hint?: string;
  severity: 'info' | 'error';
}

/** Rows of the Helm Releases tree. */
export type HelmTreeNode = HelmContextNode | HelmNamespaceNode | HelmReleaseNode | HelmRevisionNode | HelmMessageNode;

/** The labels Helm puts on each storage object. */
export function storageLabels(o: HelmStorageObject): { name: string; revision: number; status: HelmReleaseStatus } {
  const l = o.metadata.labels ?? {};
  return { name: l.name ?? '', revision: Number(l.version ?? 0), status: (l.status ?? 'unknown') as HelmReleaseStatus };
}

/** Statuses `helm list` leaves out by default when they are a release's latest. */
export const HIDDEN_LATEST: readonly HelmReleaseStatus[] = ['uninstalled'];

/** Revisions grouped by namespace then release name; each release's revisions newest first. */
export function groupRevisions(stored: readonly StoredRevision[]): Map<string, Map<string, StoredRevision[]>> {
  const byNs = new Map<string, Map<string, StoredRevision[]>>();
  for (const s of stored) {
    const { name } = storageLabels(s.obj);
    if (!name) continue;
    const ns = s.obj.metadata.namespace ?? '';
    let releases = byNs.get(ns);
    if (!releases) byNs.set(ns, (releases = new Map()));
    let revs = releases.get(name);
    if (!revs) releases.set(name, (revs = []));
    revs.push(s);
  }
  for (const releases of byNs.values()) {
    for (const [name, revs] of releases) {
      revs.sort((a, b) => storageLabels(b.obj).revision - storageLabels(a.obj).revision);
      if (HIDDEN_LATEST.includes(storageLabels(revs[0]!.obj).status)) releases.delete(name);
    }
  }
  for (const [ns, releases] of byNs) if (releases.size === 0) byNs.delete(ns);
  return byNs;
}

/** Namespace names with releases, sorted, the selected namespace first. */
export function sortedNamespaces(names: Iterable<string>, selected?: string): string[] {
  return [...names].sort((a, b) => Number(b === selected) - Number(a === selected) || a.localeCompare(b));
}
