// An informer in the client-go sense (tools/cache/reflector.go): list, then watch from the list's
// resourceVersion; a 410 Gone (or an ERROR event with code 410) means our version was compacted
// away, so we re-list; a dropped stream reconnects with exponential backoff from the last seen
// version. The watch runs only while someone listens, so collapsed tree nodes cost nothing.
import type { KubeClient } from './KubeClient.js';
import { isGone, KubeApiError } from './KubeApiError.js';
import { collectionPath, type ResourceKind } from './resourceKinds.js';
import { requireKind } from './resourceApi.js';
import type { Disposable, KubeList, KubeObject } from './types.js';
import { isCancellationError } from '../../contracts/result.js';
import { abortableSleep } from '../../util/abortableSleep.js';

/**
 * A change seen by a {@link ResourceCache}; `sync` follows every (re-)list. `page` reports each
 * page of the first list before the last one (already in items()), so a big list shows early.
 */
export type CacheEvent<T> = { type: 'added' | 'modified' | 'deleted'; object: T } | { type: 'sync'; objects: T[] } | { type: 'page'; objects: T[] };

/** Options for a {@link ResourceCache}. */
export interface ResourceCacheOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** First reconnect delay in ms (doubles up to maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Resume: watch from this resourceVersion without listing first; a 410 Gone falls back to a list. */
  initialResourceVersion?: string;
  /** Server-side watch timeout; the stream is re-opened after it. */
  watchTimeoutSeconds?: number;
  /** List page size (`limit`); default 500. */
  pageSize?: number;
}

type Listener<T> = (e: CacheEvent<T>) => void;

/**
 * A lazily watched, locally cached collection of one kind.
 *
 * ```ts
 * const pods = new ResourceCache(kube, 'pods', { namespace: 'web' });
 * const sub = pods.onDidChange((e) => refresh());
 * await pods.ready();            // first list done
 * pods.items();                  // current objects
 * sub.dispose();                 // last listener gone: the watch stops
 * ```
 */
export class ResourceCache<T extends KubeObject = KubeObject> implements Disposable {
  private readonly kind: ResourceKind;
  private readonly store = new Map<string, T>();
  private readonly listeners = new Set<Listener<T>>();
  private readonly errorListeners = new Set<(e: Error) => void>();
  private abort: AbortController | undefined;
  private resourceVersion: string | undefined;
  private readyPromise: Promise<void> | undefined;
  private resolveReady: (() => void) | undefined;
  private disposed = false;
  /** The last error the loop retried after (cleared by a successful list); e.g. a 403 for a status line. */
  lastError: Error | undefined;
  /** How many times the collection was listed (tests and diagnostics). */
  listCount = 0;
  /** How many watch streams were opened. */
  watchCount = 0;

  constructor(
    private readonly kube: KubeClient,
    kind: string | ResourceKind,
    private readonly options: ResourceCacheOptions = {},
  ) {
    this.kind = requireKind(kind);
  }

  /** Subscribes; the first subscriber starts list+watch, removing the last stops it. */
  onDidChange(listener: Listener<T>): Disposable {
    if (this.disposed) return { dispose() {} };
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return {
      dispose: () => {
        if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
      },
    };
  }

  /** Errors that did not stop the cache (it retries); for status lines. */
  onDidError(listener: (e: Error) => void): Disposable {
    this.errorListeners.add(listener);
    return { dispose: () => this.errorListeners.delete(listener) };
  }

  /** Resolves after the first list since the watch started (or its first failure: see {@link lastError}). */
  ready(): Promise<void> {
    return this.readyPromise ?? Promise.resolve();
  }

  /** Whether a watch is active. */
  get active(): boolean {
    return !!this.abort;
  }

  /** The cached objects (empty before the first list). */
  items(): T[] {
    return [...this.store.values()];
  }

  /** One cached object. */
  get(name: string, namespace?: string): T | undefined {
    return this.store.get(key(namespace, name));
  }

  private start(): void {
    this.abort = new AbortController();
    this.readyPromise = new Promise((r) => (this.resolveReady = r));
    void this.loop(this.abort.signal);
  }

  private stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.resolveReady?.();
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let delay = this.options.backoffMs ?? 500;
    let needList = !this.options.initialResourceVersion;
    if (!needList) this.resourceVersion = this.options.initialResourceVersion;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.list(signal);
          needList = false;
        }
        const sawEvent = await this.watch(signal);
        if (sawEvent) delay = this.options.backoffMs ?? 500;
      } catch (e) {
        if (signal.aborted || isCancellationError(e)) return;
        if (isGone(e)) {
          needList = true;
          continue;
        }
        this.lastError = e as Error;
        this.fireError(e as Error);
        // Waiters must not hang on a list that keeps failing (403, unreachable): ready() settles and they check lastError.
        if (needList) this.resolveReady?.();
        await abortableSleep(delay * (0.8 + Math.random() * 0.4), signal);
        delay = Math.min(delay * 2, this.options.maxBackoffMs ?? 30_000);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    // Pages go straight into the store only while it is empty (the first list): a re-list keeps
    // showing the old objects until the new list is complete, then swaps.
    const progressive = this.store.size === 0;
    const fresh = new Map<string, T>();
    const path = collectionPath(this.kind, this.options.namespace);
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.kube.request<KubeList<T>>('GET', path, {
        query: { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector, limit: this.options.pageSize ?? 500, continue: cont },
        signal,
      });
      for (const o of page.items) fresh.set(key(o.metadata.namespace, o.metadata.name), o);
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
      if (progressive && cont) {
        for (const o of page.items) this.store.set(key(o.metadata.namespace, o.metadata.name), o);
        this.fire({ type: 'page', objects: page.items });
      }
    } while (cont);
    this.listCount++;
    this.lastError = undefined;
    this.store.clear();
    for (const [k, o] of fresh) this.store.set(k, o);
    this.resourceVersion = rv;
    this.fire({ type: 'sync', objects: [...fresh.values()] });
    this.resolveReady?.();
  }

  /** One watch stream; returns whether any event arrived. Throws KubeApiError(410) to force a re-list. */
  private async watch(signal: AbortSignal): Promise<boolean> {
    this.watchCount++;
    let saw = false;
    const timeout = this.options.watchTimeoutSeconds ?? Math.round(300 + Math.random() * 300);
    const lines = this.kube.streamLines(collectionPath(this.kind, this.options.namespace), {
      query: { watch: 1, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: timeout, labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector },
      signal,
    });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const ev = JSON.parse(line) as { type: string; object: T & { code?: number; reason?: string; message?: string } };
      saw = true;
      if (ev.type === 'ERROR') {
        const s = ev.object;
        throw new KubeApiError(s.code ?? 500, s.reason ?? '', `watch ${this.kind.plural}: ${s.message ?? 'error event'}`);
      }
      const rv = ev.object.metadata?.resourceVersion;
      if (rv) this.resourceVersion = rv;
      if (ev.type === 'BOOKMARK') continue;
      const k = key(ev.object.metadata.namespace, ev.object.metadata.name);
      if (ev.type === 'DELETED') {
        this.store.delete(k);
        this.fire({ type: 'deleted', object: ev.object });
      } else {
        const had = this.store.has(k);
        this.store.set(k, ev.object);
        this.fire({ type: had ? 'modified' : 'added', object: ev.object });
      }
    }
    return saw;
  }

  private fire(e: CacheEvent<T>): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // One throwing listener must not starve the others.
      }
    }
  }

  private fireError(e: Error): void {
    for (const l of [...this.errorListeners]) {
      try {
        l(e);
      } catch {
        /* ignore */
      }
    }
  }

  /** Stops watching and drops listeners. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.errorListeners.clear();
    this.stop();
  }
}

function key(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

