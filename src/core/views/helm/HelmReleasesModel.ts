// The Helm Releases tree model: which rows exist and when they change. A context's storage is
// watched only while its row is expanded in a visible view (STYLE: subscribe upstream lazily);
// collapsing the row or hiding the view stops the watch. Decoded releases are cached by storage
// object uid and resourceVersion, so a watch event decodes only what changed.
import { decodeReleaseConfigMap, decodeReleaseSecret, type HelmRelease } from '../../clients/helm/index.js';
import type { Disposable } from '../../clients/kubernetes/index.js';
import type { HelmStorage } from './HelmStorageWatch.js';
import { groupRevisions, sortedNamespaces, storageLabels, type HelmContextNode, type HelmMessageNode, type HelmTreeNode, type StoredRevision } from './helmTreeNodes.js';

/** Decoded releases kept at most (a release holds manifest, values and chart defaults). */
const MAX_DECODED = 2000;

/** A context the tree lists. */
export interface HelmContextEntry {
  name: string;
  selected: boolean;
  /** The selected namespace for the selected context, else the context's own. */
  namespace: string;
}

/** Where the model gets contexts and storage from. */
export interface HelmReleasesModelOptions {
  /** Contexts to list, or an error (no kubeconfig) shown as the only row. */
  contexts(): HelmContextEntry[] | { error: Error & { hint?: string } };
  /** A live storage for a context; the model disposes it when done. */
  storageFor(context: string): HelmStorage;
  /** Coalescing window for watch events, in ms (default 250). */
  debounceMs?: number;
}

/**
 * ```ts
 * const model = new HelmReleasesModel({ contexts, storageFor: (c) => new HelmStorageWatch(clientFor(c)) });
 * model.onDidChange((node) => tree.refresh(node));
 * const roots = await model.children();          // contexts
 * const nss = await model.children(roots[0]);    // starts the watch of that context
 * model.collapsed(roots[0]);                     // stops it
 * ```
 */
export class HelmReleasesModel implements Disposable {
  private readonly listeners = new Set<(node: HelmTreeNode | undefined) => void>();
  private readonly storages = new Map<string, { storage: HelmStorage; sub?: Disposable }>();
  private readonly decoded = new Map<string, HelmRelease>();
  private readonly pending = new Set<HelmContextNode>();
  private roots: HelmTreeNode[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = true;
  private disposed = false;

  constructor(private readonly options: HelmReleasesModelOptions) {}

  /** Fires with the node whose subtree changed (undefined: everything). */
  onDidChange(listener: (node: HelmTreeNode | undefined) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The view was shown or hidden; hidden stops every watch, shown redraws (which restarts them for expanded rows). */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) for (const s of this.storages.values()) this.unsubscribe(s);
    else this.fire(undefined);
  }

  /** A row was collapsed: a context's watch stops. */
  collapsed(node: HelmTreeNode): void {
    if (node.kind === 'context') {
      const s = this.storages.get(node.context);
      if (s) this.unsubscribe(s);
    }
  }

  /** Forgets contexts and storages (kubeconfig or selection changed) and redraws. */
  reset(): void {
    for (const s of this.storages.values()) s.storage.dispose();
    this.storages.clear();
    this.decoded.clear();
    this.roots = undefined;
    this.fire(undefined);
  }

  /** Whether the context's storage is being watched. */
  watching(context: string): boolean {
    return !!this.storages.get(context)?.sub;
  }

  /** Child rows; for a context this starts its watch (when the view is visible) and waits for the first list. */
  async children(node?: HelmTreeNode): Promise<HelmTreeNode[]> {
    if (!node) return this.rootNodes();
    if (node.kind === 'context') {
      const stored = await this.load(node);
      if (!Array.isArray(stored)) return [stored];
      const grouped = groupRevisions(stored);
      if (grouped.size === 0) {
        const narrowed = this.storages.get(node.context)?.storage.narrowedTo;
        return [{ kind: 'message', context: node.context, severity: 'info', text: narrowed ? `No Helm releases in namespace ${narrowed}` : 'No Helm releases', hint: narrowed ? 'You may not list Secrets in all namespaces.' : undefined }];
      }
      const selectedNs = node.selected ? node.namespace : undefined;
      return sortedNamespaces(grouped.keys(), selectedNs).map((ns) => ({ kind: 'namespace', context: node.context, namespace: ns, releases: grouped.get(ns)!.size, selected: ns === selectedNs }));
    }
    if (node.kind === 'namespace') {
      const releases = groupRevisions(this.snapshot(node.context)).get(node.namespace) ?? new Map<string, StoredRevision[]>();
      return [...releases.keys()].sort((a, b) => a.localeCompare(b)).map((name) => {
        const revs = releases.get(name)!;
        return { kind: 'release', context: node.context, namespace: node.namespace, name, latest: this.decode(revs[0]!), revisions: revs.length };
      });
    }
    if (node.kind === 'release') {
      return this.history(node.context, node.namespace, node.name).map((release, i) => ({ kind: 'revision', context: node.context, namespace: node.namespace, name: node.name, release, latest: i === 0 }));
    }
    return [];
  }

  /** Every known revision of a release, newest first, decoded from the watched storage. */
  history(context: string, namespace: string, name: string): HelmRelease[] {
    const revs = groupRevisions(this.snapshot(context)).get(namespace)?.get(name) ?? [];
    return revs.map((r) => this.decode(r));
  }

  private rootNodes(): HelmTreeNode[] {
    if (this.roots) return this.roots;
    const contexts = this.options.contexts();
    if (!Array.isArray(contexts)) {
      return (this.roots = [{ kind: 'message', severity: 'error', text: contexts.error.message, hint: contexts.error.hint }]);
    }
    if (contexts.length === 0) return (this.roots = [{ kind: 'message', severity: 'info', text: 'No Kubernetes contexts in the kubeconfig' }]);
    // Selected context first; the rest keep the kubeconfig's order.
    const ordered = [...contexts.filter((c) => c.selected), ...contexts.filter((c) => !c.selected)];
    return (this.roots = ordered.map((c) => ({ kind: 'context', context: c.name, selected: c.selected, namespace: c.namespace })));
  }

  private snapshot(context: string): StoredRevision[] {
    return this.storages.get(context)?.storage.items() ?? [];
  }

  private async load(node: HelmContextNode): Promise<StoredRevision[] | HelmMessageNode> {
    let entry = this.storages.get(node.context);
    if (!entry) {
      try {
        entry = { storage: this.options.storageFor(node.context) };
      } catch (e) {
        const err = e as Error & { hint?: string };
        return { kind: 'message', context: node.context, severity: 'error', text: err.message, hint: err.hint };
      }
      this.storages.set(node.context, entry);
    }
    if (this.visible && !entry.sub) {
      const storage = entry.storage;
      entry.sub = storage.onDidChange(() => this.schedule(node));
    }
    await entry.storage.ready();
    const error = entry.storage.error;
    if (error && entry.storage.items().length === 0) {
      return { kind: 'message', context: node.context, severity: 'error', text: error.message, hint: (error as Error & { hint?: string }).hint };
    }
    return entry.storage.items();
  }

  private decode(s: StoredRevision): HelmRelease {
    const key = `${s.obj.metadata.uid ?? s.obj.metadata.name}@${s.obj.metadata.resourceVersion ?? ''}`;
    let r = this.decoded.get(key);
    if (!r) {
      // Every upgrade leaves stale keys behind (older resourceVersions); a bound keeps that from growing forever.
      if (this.decoded.size >= MAX_DECODED) this.decoded.clear();
      try {
        r = s.driver === 'secret' ? decodeReleaseSecret(s.obj) : decodeReleaseConfigMap(s.obj);
      } catch (e) {
        // A damaged object still gets a row, from its labels, saying why it cannot be read.
        const l = storageLabels(s.obj);
        r = { name: l.name, namespace: s.obj.metadata.namespace ?? '', revision: l.revision, status: l.status, description: `unreadable: ${(e as Error).message}`, chartName: '?', chartVersion: '?', appVersion: '', values: {}, chartValues: {}, manifest: '', notes: '', hooks: [], storage: s.driver };
      }
      this.decoded.set(key, r);
    }
    return r;
  }

  private unsubscribe(entry: { sub?: Disposable }): void {
    entry.sub?.dispose();
    entry.sub = undefined;
  }

  private schedule(node: HelmContextNode): void {
    this.pending.add(node);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const nodes = [...this.pending];
      this.pending.clear();
      for (const n of nodes) this.fire(n);
    }, this.options.debounceMs ?? 250);
  }

  private fire(node: HelmTreeNode | undefined): void {
    if (this.disposed) return;
    for (const l of [...this.listeners]) {
      try {
        l(node);
      } catch {
        // One throwing listener must not starve the others.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.storages.values()) s.storage.dispose();
    this.storages.clear();
    this.listeners.clear();
  }
}
