// Live Helm storage of one context: informer caches of Secrets and ConfigMaps labelled owner=helm.
// A user who may not list them in all namespaces (403) still sees the releases of the context's
// own namespace: the cache narrows to it instead of retrying a call that cannot succeed.
import { KubeApiError, ResourceCache, type Disposable, type KubeClient } from '../../clients/kubernetes/index.js';
import type { HelmStorageObject, StoredRevision } from './helmTreeNodes.js';

/** The live source a {@link HelmReleasesModel} reads one context from. */
export interface HelmStorage extends Disposable {
  /** Subscribes; the first subscriber starts list+watch, the last one leaving stops it. */
  onDidChange(listener: () => void): Disposable;
  /** Settles after the first list (or its failure: see {@link error}). */
  ready(): Promise<void>;
  /** Every stored revision currently known. */
  items(): StoredRevision[];
  /** Why the Secrets could not be listed, while the cache retries. */
  readonly error: Error | undefined;
  /** The namespace the watch narrowed to after a 403 in all namespaces; undefined while cluster-wide. */
  readonly narrowedTo: string | undefined;
}

const forbidden = (e: Error | undefined) => e instanceof KubeApiError && e.status === 403;

/** One kind, all namespaces first, the client's namespace after a 403, nothing after a second 403. */
class ScopedCache implements Disposable {
  cache: ResourceCache<HelmStorageObject> | undefined;
  narrowed = false;
  private sub: Disposable | undefined;

  constructor(
    private readonly kube: KubeClient,
    private readonly kind: 'secrets' | 'configmaps',
    private readonly onChange: () => void,
  ) {
    this.cache = this.make(undefined);
  }

  private make(namespace: string | undefined): ResourceCache<HelmStorageObject> {
    const fieldSelector = this.kind === 'secrets' ? 'type=helm.sh/release.v1' : undefined;
    return new ResourceCache<HelmStorageObject>(this.kube, this.kind, { namespace, labelSelector: 'owner=helm', fieldSelector });
  }

  start(): void {
    if (this.cache && !this.sub) this.sub = this.cache.onDidChange(() => this.onChange());
  }

  stop(): void {
    this.sub?.dispose();
    this.sub = undefined;
  }

  /** Waits for the first list; narrows the scope on 403. Returns the error left, if any. */
  async ready(): Promise<Error | undefined> {
    for (;;) {
      const cache = this.cache;
      if (!cache) return undefined;
      await cache.ready();
      if (cache !== this.cache) continue;
      if (!forbidden(cache.lastError)) return cache.lastError;
      const running = !!this.sub;
      this.stop();
      cache.dispose();
      if (this.narrowed) {
        // Not even the own namespace: the ConfigMap driver is optional, Secrets report the error.
        this.cache = undefined;
        return cache.lastError;
      }
      this.narrowed = true;
      this.cache = this.make(this.kube.namespace);
      if (running) this.start();
    }
  }

  dispose(): void {
    this.stop();
    this.cache?.dispose();
    this.cache = undefined;
  }
}

/**
 * ```ts
 * const storage = new HelmStorageWatch(kube);
 * const sub = storage.onDidChange(() => redraw());   // starts the watches
 * await storage.ready();
 * storage.items();
 * sub.dispose();                                     // stops them
 * ```
 */
export class HelmStorageWatch implements HelmStorage {
  private readonly secrets: ScopedCache;
  private readonly configMaps: ScopedCache;
  private readonly listeners = new Set<() => void>();
  private secretError: Error | undefined;

  constructor(private readonly kube: KubeClient) {
    const fire = () => {
      for (const l of [...this.listeners]) {
        try {
          l();
        } catch {
          // One throwing listener must not starve the others.
        }
      }
    };
    this.secrets = new ScopedCache(kube, 'secrets', fire);
    this.configMaps = new ScopedCache(kube, 'configmaps', fire);
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    if (this.listeners.size === 1) {
      this.secrets.start();
      this.configMaps.start();
    }
    return {
      dispose: () => {
        if (this.listeners.delete(listener) && this.listeners.size === 0) {
          this.secrets.stop();
          this.configMaps.stop();
        }
      },
    };
  }

  async ready(): Promise<void> {
    const [s] = await Promise.all([this.secrets.ready(), this.configMaps.ready()]);
    this.secretError = s;
  }

  get error(): Error | undefined {
    return this.secrets.cache?.lastError ?? this.secretError;
  }

  get narrowedTo(): string | undefined {
    return this.secrets.narrowed ? this.kube.namespace : undefined;
  }

  /** Whether a watch is running (tests check that a collapsed context watches nothing). */
  get active(): boolean {
    return !!this.secrets.cache?.active;
  }

  items(): StoredRevision[] {
    return [
      ...(this.secrets.cache?.items() ?? []).map((obj) => ({ obj, driver: 'secret' as const })),
      ...(this.configMaps.cache?.items() ?? []).map((obj) => ({ obj, driver: 'configmap' as const })),
    ];
  }

  dispose(): void {
    this.listeners.clear();
    this.secrets.dispose();
    this.configMaps.dispose();
  }
}
