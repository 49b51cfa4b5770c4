// The live Clusters tree. Rows come from informer caches (ResourceCache) that run only while a row
// that needs them is expanded in a visible view: children() leases a cache for the asking row,
// release() (collapse) and releaseAll() (view hidden) give leases back, and the last lease stops
// the watch. Cache events are coalesced per debounce window and reported as the rows to redraw.
import {
  AccessReviews, discoverResources, findKind, requireKind, ResourceCache,
  type CacheEvent, type KubeClient, type KubeObject, type ResourceKind,
} from '../../clients/kubernetes/index.js';
import { isCancellationError } from '../../contracts/result.js';
import { actionsFor, permissionFor, type ActionId } from './actions.js';
import type { ContextInfo } from './contexts.js';
import { GROUPS, kindsOfGroup } from './groups.js';
import { nsPart, type ClusterNode, type ContainerNode, type ContextNode, type KindNode, type MessageNode, type NamespaceNode, type ResourceNode } from './nodes.js';
import { namespaceMatches, ownedBy, podsOf, POD_OWNERS, sortObjects } from './relations.js';

/** What the model needs from its host. */
export interface ClustersModelHost {
  contexts(): ContextInfo[];
  /** The selected context and namespace (marked in the tree). */
  selection(): { context: string | undefined; namespace: string };
  /** A client for a context. */
  client(context: string): KubeClient;
  /** Why no context could be loaded, shown as the only row. */
  loadError?(): Error | undefined;
}

/** Tuning; tests shorten the debounce. */
export interface ClustersModelOptions {
  debounceMs?: number;
  pageSize?: number;
  backoffMs?: number;
  now?: () => number;
}

interface Entry {
  key: string;
  cache: ResourceCache;
  sub: { dispose(): void };
  errSub: { dispose(): void };
  /** Rows whose children come from this cache, by id (the instance the view last asked about). */
  users: Map<string, ClusterNode>;
  synced: boolean;
  firstData: Promise<void>;
}

type Listener = (nodes: ClusterNode[] | undefined) => void;

/** See the file comment. */
export class ClustersModel {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<Listener>();
  private readonly dirty = new Set<Entry>();
  private readonly discovery = new Map<string, Promise<ResourceKind[] | undefined>>();
  private readonly access = new Map<string, AccessReviews>();
  private readonly filters = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly host: ClustersModelHost, private readonly options: ClustersModelOptions = {}) {}

  /** Rows to redraw (undefined: everything). */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Redraws everything (context list or selection changed). */
  refreshAll(): void {
    this.fire(undefined);
  }

  /** Forgets discovery and RBAC answers and re-lists every active cache. */
  reload(): void {
    this.discovery.clear();
    for (const a of this.access.values()) a.clear();
    for (const e of [...this.entries.values()]) this.stop(e);
    this.fire(undefined);
  }

  /** The namespace filter of a context ('' = none). */
  namespaceFilter(context: string): string {
    return this.filters.get(context) ?? '';
  }

  setNamespaceFilter(context: string, filter: string): void {
    if (filter.trim()) this.filters.set(context, filter.trim());
    else this.filters.delete(context);
    this.fire(undefined);
  }

  /** Keys of the caches currently watching (`context|kind|namespace`), for tests and the status line. */
  activeWatches(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** The row collapsed: its leases and its descendants' go back. */
  release(node: ClusterNode): void {
    const prefix = `${node.id}/`;
    for (const e of [...this.entries.values()]) {
      for (const id of [...e.users.keys()]) if (id === node.id || id.startsWith(prefix)) e.users.delete(id);
      if (e.users.size === 0) this.stop(e);
    }
  }

  /** The view was hidden: every watch stops. */
  releaseAll(): void {
    for (const e of [...this.entries.values()]) this.stop(e);
  }

  /** The client of a row's context. */
  client(node: ClusterNode): KubeClient {
    return this.host.client(node.context);
  }

  /** RBAC answers for a context (cached). */
  accessReviews(context: string): AccessReviews {
    let a = this.access.get(context);
    if (!a) {
      a = new AccessReviews(this.host.client(context));
      this.access.set(context, a);
    }
    return a;
  }

  async children(node?: ClusterNode): Promise<ClusterNode[]> {
    try {
      return await this.childrenOf(node);
    } catch (e) {
      if (isCancellationError(e)) return [];
      return [message(node ? node.id : 'root', node?.context ?? '', (e as Error).message, 'error', hintOf(e))];
    }
  }

  private async childrenOf(node?: ClusterNode): Promise<ClusterNode[]> {
    if (!node) return this.contextRows();
    switch (node.type) {
      case 'context':
        return this.namespaceRows(node);
      case 'namespace':
        return this.groupRows(node);
      case 'nodes':
        return this.resourceRows(node, requireKind('Node'), undefined);
      case 'group': {
        if (node.group === 'events') return this.resourceRows(node, requireKind('Event'), node.namespace);
        const discovered = await this.discover(node.context);
        const kinds = kindsOfGroup(node.group, discovered);
        if (kinds.length === 0) return [message(node.id, node.context, discovered ? 'None' : 'Discovery failed: no custom resources known', 'info')];
        return kinds.map((kind): KindNode => ({ type: 'kind', id: `${node.id}/k:${kind.plural}.${kind.group}`, context: node.context, namespace: node.namespace, kind }));
      }
      case 'kind':
        return this.resourceRows(node, node.kind, node.namespace);
      case 'resource':
        return this.resourceChildren(node);
      default:
        return [];
    }
  }

  private contextRows(): ClusterNode[] {
    const contexts = this.host.contexts();
    if (contexts.length === 0) {
      // Nothing configured: an empty list lets the view's welcome text explain; a broken file is an error row.
      const err = this.host.loadError?.();
      return err && !err.message.startsWith('No Kubernetes contexts') ? [message('root', '', err.message, 'error', hintOf(err))] : [];
    }
    const selected = this.host.selection().context;
    return [...contexts]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((info): ContextNode => ({ type: 'context', id: `c:${encodeURIComponent(info.name)}`, context: info.name, info, selected: info.name === selected }));
  }

  private async namespaceRows(node: ContextNode): Promise<ClusterNode[]> {
    const entry = this.use(node, node.context, requireKind('Namespace'), undefined);
    await entry.firstData;
    const sel = this.host.selection();
    const selectedNs = sel.context === node.context ? sel.namespace : undefined;
    const filter = this.filters.get(node.context);
    const items = entry.cache.items();
    const ns = (name: string, extra: Partial<NamespaceNode> = {}): NamespaceNode => ({ type: 'namespace', id: `${node.id}/ns:${name}`, context: node.context, namespace: name, selected: name === selectedNs, ...extra });
    const nodesRow: ClusterNode = { type: 'nodes', id: `${node.id}/nodes`, context: node.context };
    if (items.length === 0 && entry.cache.lastError) {
      // May not list namespaces (or cannot reach the cluster): still offer the context's namespace.
      const own = node.info.namespace || 'default';
      const rows: ClusterNode[] = [ns(own, { fromKubeconfig: true })];
      if (selectedNs && selectedNs !== own) rows.push(ns(selectedNs, { fromKubeconfig: true }));
      const forbidden = isForbidden(entry.cache.lastError);
      if (!forbidden) rows.unshift(message(node.id, node.context, entry.cache.lastError.message, 'error', hintOf(entry.cache.lastError)));
      return rows;
    }
    const names = items.map((o) => o.metadata.name).filter((n) => namespaceMatches(filter, n)).sort((a, b) => a.localeCompare(b));
    const all: NamespaceNode = { type: 'namespace', id: `${node.id}/ns:*`, context: node.context };
    const rows: ClusterNode[] = [all, ...names.map((n) => ns(n, { object: items.find((o) => o.metadata.name === n) }))];
    if (filter) rows.splice(1, 0, message(node.id, node.context, `Filter: ${filter}`, 'info'));
    if (!entry.synced) rows.push(message(node.id, node.context, 'Loading more…', 'loading'));
    rows.push(nodesRow);
    return rows;
  }

  private groupRows(node: NamespaceNode): ClusterNode[] {
    // Answered at once (no discovery wait): a namespace row's children must not be in flight while a
    // namespace watch event redraws its parent. Custom Resources says "None" when discovery finds none.
    void this.discover(node.context);
    return GROUPS.map((g) => ({ type: 'group', id: `${node.id}/g:${g.id}`, context: node.context, namespace: node.namespace, group: g.id }));
  }

  private async resourceRows(node: ClusterNode, kind: ResourceKind, namespace: string | undefined): Promise<ClusterNode[]> {
    const entry = this.use(node, node.context, kind, namespace);
    await entry.firstData;
    const items = entry.cache.items();
    if (items.length === 0 && entry.cache.lastError) return [message(node.id, node.context, entry.cache.lastError.message, 'error', hintOf(entry.cache.lastError))];
    const allowed = await this.allowedActions(node.context, kind, namespace);
    const rows: ClusterNode[] = sortObjects(items.map((o) => stamp(o, kind))).map((object): ResourceNode => ({
      type: 'resource',
      id: `${node.id}/r:${object.metadata.namespace ?? ''}/${object.metadata.name}`,
      context: node.context,
      kind,
      object,
      allowed: allowed.filter((a) => actionsFor({ type: 'resource', kind } as ResourceNode).includes(a)),
    }));
    if (!entry.synced) rows.push(message(node.id, node.context, `Loading more… (${items.length} so far)`, 'loading'));
    else if (rows.length === 0) rows.push(message(node.id, node.context, 'None', 'info'));
    return rows;
  }

  private async resourceChildren(node: ResourceNode): Promise<ClusterNode[]> {
    const o = node.object;
    const ns = o.metadata.namespace;
    if (o.kind === 'Pod') return this.containerRows(node, o);
    if (o.kind === 'CronJob') {
      const jobs = requireKind('Job');
      const entry = this.use(node, node.context, jobs, ns);
      await entry.firstData;
      const allowed = await this.allowedActions(node.context, jobs, ns);
      return sortObjects(ownedBy(o, entry.cache.items())).map((j) => ({ type: 'resource', id: `${node.id}/r:${ns}/${j.metadata.name}`, context: node.context, kind: jobs, object: stamp(j, jobs), allowed: allowed.filter((a) => actionsFor({ type: 'resource', kind: jobs } as ResourceNode).includes(a)) }));
    }
    if (!POD_OWNERS.has(o.kind ?? '')) return [];
    const pods = requireKind('Pod');
    const entry = this.use(node, node.context, pods, ns);
    await entry.firstData;
    const allowed = await this.allowedActions(node.context, pods, ns);
    return sortObjects(podsOf(o, entry.cache.items().map((p) => stamp(p, pods)))).map((p): ResourceNode => ({ type: 'resource', id: `${node.id}/r:${ns}/${p.metadata.name}`, context: node.context, kind: pods, object: p, allowed: allowed.filter((a) => actionsFor({ type: 'resource', kind: pods } as ResourceNode).includes(a)) }));
  }

  private async containerRows(node: ResourceNode, pod: KubeObject): Promise<ClusterNode[]> {
    const allowed = await this.allowedActions(node.context, requireKind('Pod'), pod.metadata.namespace);
    const list = (init: boolean) => (((init ? pod.spec?.initContainers : pod.spec?.containers) ?? []) as Array<{ name: string }>);
    const mk = (name: string, init: boolean): ContainerNode => ({ type: 'container', id: `${node.id}/ct:${name}`, context: node.context, pod, name, init, allowed: allowed.filter((a) => a === 'logs' || a === 'exec' || a === 'copyName') });
    return [...list(true).map((c) => mk(c.name, true)), ...list(false).map((c) => mk(c.name, false))];
  }

  /** The actions RBAC allows on `kind` in `namespace` (one review per distinct question, cached). */
  async allowedActions(context: string, kind: ResourceKind, namespace: string | undefined): Promise<ActionId[]> {
    const candidates = actionsFor({ type: 'resource', kind } as ResourceNode);
    const reviews = this.accessReviews(context);
    const answers = await Promise.all(
      candidates.map(async (a) => {
        const q = permissionFor(a, kind, kind.namespaced ? namespace : undefined);
        return !q || (await reviews.can(q)).allowed;
      }),
    );
    return candidates.filter((_, i) => answers[i]);
  }

  private discover(context: string): Promise<ResourceKind[] | undefined> {
    let d = this.discovery.get(context);
    if (!d) {
      // Without discovery (RBAC, a broken aggregated API) the built-in kinds still show.
      d = discoverResources(this.host.client(context)).catch(() => undefined);
      this.discovery.set(context, d);
    }
    return d;
  }

  private use(node: ClusterNode, context: string, kind: ResourceKind, namespace: string | undefined): Entry {
    const key = `${context}|${kind.plural}.${kind.group}|${nsPart(kind.namespaced ? namespace : undefined)}`;
    let e = this.entries.get(key);
    if (!e) {
      const cache = new ResourceCache(this.host.client(context), kind, { namespace: kind.namespaced ? namespace : undefined, pageSize: this.options.pageSize, backoffMs: this.options.backoffMs });
      let resolveFirst!: () => void;
      const firstData = new Promise<void>((r) => (resolveFirst = r));
      const entry: Entry = { key, cache, users: new Map(), synced: false, firstData, sub: { dispose() {} }, errSub: { dispose() {} } };
      entry.errSub = cache.onDidError(() => {
        resolveFirst();
        this.markDirty(entry);
      });
      entry.sub = cache.onDidChange((ev: CacheEvent<KubeObject>) => {
        if (ev.type === 'sync') entry.synced = true;
        resolveFirst();
        this.markDirty(entry);
      });
      void cache.ready().then(resolveFirst);
      this.entries.set(key, entry);
      e = entry;
    }
    e.users.set(node.id, node);
    return e;
  }

  private stop(e: Entry): void {
    e.sub.dispose();
    e.errSub.dispose();
    e.cache.dispose();
    this.entries.delete(e.key);
    this.dirty.delete(e);
  }

  private markDirty(e: Entry): void {
    if (this.disposed || !this.entries.has(e.key)) return;
    this.dirty.add(e);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const nodes = new Map<string, ClusterNode>();
      for (const d of this.dirty) for (const [id, n] of d.users) nodes.set(id, n);
      this.dirty.clear();
      if (nodes.size) this.fire([...nodes.values()]);
    }, this.options.debounceMs ?? 250);
  }

  private fire(nodes: ClusterNode[] | undefined): void {
    for (const l of [...this.listeners]) l(nodes);
  }

  /** The kind of a row's object, resolved against discovery when not built in. */
  async kindOf(context: string, kind: string, apiVersion?: string): Promise<ResourceKind> {
    return findKind(kind, [], apiVersion) ?? findKind(kind, (await this.discover(context)) ?? [], apiVersion) ?? requireKind(kind);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.releaseAll();
    this.listeners.clear();
  }
}

/** List items carry no kind/apiVersion; rows need them for presentation and actions. */
function stamp(o: KubeObject, kind: ResourceKind): KubeObject {
  if (!o.kind) o.kind = kind.kind;
  if (!o.apiVersion) o.apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  return o;
}

function message(parentId: string, context: string, text: string, severity: MessageNode['severity'], detail?: string): MessageNode {
  return { type: 'message', id: `${parentId}/msg:${severity}:${text.slice(0, 40)}`, context, text, severity, detail };
}

function isForbidden(e: Error): boolean {
  return (e as { status?: number }).status === 403;
}

function hintOf(e: unknown): string | undefined {
  const h = (e as { hint?: string } | undefined)?.hint;
  return h ? `${(e as Error).message}\n${h}` : undefined;
}
