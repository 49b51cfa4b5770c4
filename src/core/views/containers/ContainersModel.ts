// The live state behind the Containers view: lists from the engine, kept current by the events stream
// (debounced, reloading only the kinds an event touched), a slow poll as a fallback, and a reconnect
// loop with backoff when the engine stops or restarts. CPU/memory come from stats streams that run only
// for the containers the editor says are visible.
//
//   const model = new ContainersModel(DockerClient.connect());
//   model.onDidChange(() => view.refresh());
//   model.start();
//   model.tree(); // ContainersNode[]
import type Dockerode from 'dockerode';
import type { DockerEvent } from '../../clients/docker/DockerClient.js';
import type { ContainerStatsSample } from '../../clients/docker/containerStats.js';
import { ToolError } from '../../contracts/result.js';
import { formatBytes } from './containerFormat.js';
import { buildContainersTree, messageTree, type ContainersNode, type DockerSnapshot } from './containersTree.js';
import { abortableSleep } from '../../util/abortableSleep.js';

/** The engine calls the model makes; {@link DockerClient} is one. */
export interface ContainersSource {
  listContainers(): Promise<Dockerode.ContainerInfo[]>;
  listImages(): Promise<Dockerode.ImageInfo[]>;
  listVolumes(): Promise<Dockerode.VolumeInspectInfo[]>;
  listNetworks(): Promise<Dockerode.NetworkInspectInfo[]>;
  events(o: { since?: number; signal?: AbortSignal }): AsyncIterable<DockerEvent>;
  stats(id: string, signal?: AbortSignal): AsyncIterable<ContainerStatsSample>;
}

/** Timings of {@link ContainersModel}; the defaults suit an editor. */
export interface ContainersModelOptions {
  /** Events within this window cause one reload. */
  debounceMs?: number;
  /** Full reload period, the fallback when an event was missed or the stream hangs. */
  pollMs?: number;
  /** First and largest wait between reconnect attempts. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** At most this many stats streams at once (one HTTP stream each). */
  maxStatsStreams?: number;
  /** Stats samples repaint the rows at most this often. */
  statsIntervalMs?: number;
  now?: () => number;
}

/** Where the model stands with the engine. */
export type ContainersModelState = 'loading' | 'connected' | 'disconnected';

type Kind = keyof DockerSnapshot;
const KINDS: readonly Kind[] = ['containers', 'images', 'volumes', 'networks'];

/** Container event actions that change nothing the view shows. */
const QUIET_ACTIONS = /^(exec_|top$|attach$|resize$|archive-path$|extract-to-dir$|export$|copy$)/;

/** The kinds of list an event makes stale. */
export function kindsForEvent(ev: Pick<DockerEvent, 'Type' | 'Action'>): Kind[] {
  switch (ev.Type) {
    case 'container':
      if (QUIET_ACTIONS.test(ev.Action)) return [];
      // removing a container with -v removes its anonymous volumes; a commit adds an image
      return ev.Action === 'destroy' ? ['containers', 'volumes', 'images'] : ev.Action === 'commit' ? ['containers', 'images'] : ['containers'];
    case 'image':
      return ['images'];
    case 'volume':
      return ev.Action === 'mount' || ev.Action === 'unmount' ? [] : ['volumes'];
    case 'network':
      return ev.Action === 'connect' || ev.Action === 'disconnect' ? [] : ['networks'];
    default:
      return [];
  }
}

/** Live Docker lists with change notification; dispose to stop every stream and timer. */
export class ContainersModel {
  private snapshot: DockerSnapshot | undefined;
  private cachedTree: ContainersNode[] | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly dirty = new Set<Kind>();
  private debounceTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private statsShown = '';
  private pollTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private readonly life = new AbortController();
  private eventsRunning = false;
  private readonly stats = new Map<string, { abort: AbortController; sample?: ContainerStatsSample }>();
  private readonly o: Required<ContainersModelOptions>;
  private _state: ContainersModelState = 'loading';
  private _error: Error | undefined;
  private _generation = 0;

  constructor(
    private readonly source: ContainersSource,
    options: ContainersModelOptions = {},
  ) {
    this.o = { debounceMs: 150, pollMs: 30_000, reconnectMinMs: 500, reconnectMaxMs: 10_000, maxStatsStreams: 20, statsIntervalMs: 1000, now: Date.now, ...options };
  }

  /** `loading` until the first lists arrive, then `connected`, or `disconnected` with {@link error}. */
  get state(): ContainersModelState {
    return this._state;
  }
  /** The last failure while disconnected. */
  get error(): Error | undefined {
    return this._error;
  }
  /** Counts completed reloads (tests and benchmarks wait on it). */
  get generation(): number {
    return this._generation;
  }
  /** The last lists read from the engine. */
  get current(): DockerSnapshot | undefined {
    return this.snapshot;
  }

  /** Subscribes to changes; returns a disposable. A throwing listener does not starve the others. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Loads the lists and starts following events and the poll; idempotent. */
  start(): void {
    if (this.eventsRunning || this.life.signal.aborted) return;
    this.eventsRunning = true;
    void this.followEvents();
    this.pollTimer = setInterval(() => void this.reload(KINDS).catch(() => undefined), this.o.pollMs);
    this.pollTimer.unref?.();
  }

  /** The rows of the view for the current state. */
  tree(): ContainersNode[] {
    if (this.cachedTree) return this.cachedTree;
    if (!this.snapshot || this._state === 'disconnected') {
      if (this._state === 'loading') return messageTree('Connecting to the Docker engine…', undefined, 'info');
      const hint = this._error instanceof ToolError ? this._error.hint : undefined;
      return messageTree(this._error?.message ?? 'The Docker engine is not reachable', hint, 'error');
    }
    const samples = new Map<string, ContainerStatsSample>();
    for (const [id, s] of this.stats) if (s.sample) samples.set(id, s.sample);
    this.cachedTree = buildContainersTree(this.snapshot, { now: this.o.now(), stats: samples });
    return this.cachedTree;
  }

  /** Reloads every list now (the Refresh command); resolves when the new lists are in. */
  refresh(): Promise<void> {
    return this.reload(KINDS);
  }

  /**
   * Follows stats for these running containers only and stops the others' streams: the editor calls it
   * with what is on screen, and with nothing when the view is hidden.
   */
  setStatsTargets(ids: readonly string[]): void {
    const wanted = new Set(ids.slice(0, this.o.maxStatsStreams));
    for (const [id, s] of this.stats) {
      if (!wanted.has(id)) {
        s.abort.abort();
        this.stats.delete(id);
      }
    }
    for (const id of wanted) {
      if (this.stats.has(id) || this.life.signal.aborted) continue;
      const entry = { abort: new AbortController(), sample: undefined as ContainerStatsSample | undefined };
      this.stats.set(id, entry);
      void (async () => {
        try {
          for await (const s of this.source.stats(id, entry.abort.signal)) {
            entry.sample = s;
            this.statsChanged();
          }
        } catch {
          // the container stopped or the engine went away: the row just loses its figures
        } finally {
          if (this.stats.get(id) === entry) this.stats.delete(id);
        }
      })();
    }
  }

  /** Ids whose stats are being followed. */
  statsTargets(): string[] {
    return [...this.stats.keys()];
  }

  /** Stops the events stream, the poll, the debounce and every stats stream. */
  dispose(): void {
    this.life.abort();
    clearTimeout(this.debounceTimer);
    clearTimeout(this.statsTimer);
    clearInterval(this.pollTimer);
    this.setStatsTargets([]);
    this.listeners.clear();
  }

  private async followEvents(): Promise<void> {
    let wait = this.o.reconnectMinMs;
    while (!this.life.signal.aborted) {
      // Subscribe from the moment before the lists were read, so nothing between the two is lost
      // (a replayed event costs one extra reload, a lost one a stale row).
      const since = Math.floor(this.o.now() / 1000) - 1;
      try {
        await this.reload(KINDS);
        wait = this.o.reconnectMinMs;
        for await (const ev of this.source.events({ since, signal: this.life.signal })) {
          const kinds = kindsForEvent(ev);
          if (kinds.length) this.markDirty(kinds);
        }
        // The stream ended without an error: the engine shut down (or restarts).
        if (!this.life.signal.aborted) this.setDisconnected(new ToolError('engine-unreachable', 'The Docker engine closed the events stream (stopped or restarting); reconnecting…'));
      } catch (e) {
        if (this.life.signal.aborted) return;
        this.setDisconnected(e instanceof Error ? e : new Error(String(e)));
      }
      await abortableSleep(wait, this.life.signal);
      wait = Math.min(wait * 2, this.o.reconnectMaxMs);
    }
  }

  private markDirty(kinds: readonly Kind[]): void {
    for (const k of kinds) this.dirty.add(k);
    if (this.debounceTimer) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      const todo = [...this.dirty];
      this.dirty.clear();
      if (todo.length) void this.reload(todo).catch(() => undefined);
    }, this.o.debounceMs);
  }

  /** Reloads some lists; a reload asked for while one runs waits for it, then runs with the union. */
  private async reload(kinds: readonly Kind[]): Promise<void> {
    while (this.reloading) {
      for (const k of kinds) this.dirty.add(k);
      await this.reloading.catch(() => undefined);
      if (!this.dirty.size) return;
      kinds = [...this.dirty];
      this.dirty.clear();
    }
    const run = this.load(this.snapshot ? kinds : KINDS);
    this.reloading = run;
    try {
      await run;
    } finally {
      this.reloading = undefined;
    }
  }

  private async load(kinds: readonly Kind[]): Promise<void> {
    const s = this.source;
    const read: Record<Kind, () => Promise<unknown[]>> = {
      containers: () => s.listContainers(),
      images: () => s.listImages(),
      volumes: () => s.listVolumes(),
      networks: () => s.listNetworks(),
    };
    try {
      const lists = await Promise.all(kinds.map((k) => read[k]()));
      if (this.life.signal.aborted) return;
      const next = { ...(this.snapshot ?? { containers: [], images: [], volumes: [], networks: [] }) } as DockerSnapshot;
      kinds.forEach((k, i) => ((next as unknown as Record<Kind, unknown[]>)[k] = lists[i]));
      this.snapshot = next;
      this._state = 'connected';
      this._error = undefined;
      this._generation++;
      this.changed();
    } catch (e) {
      if (this.life.signal.aborted) return;
      this.setDisconnected(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }

  /** Each stream sends a sample a second: one repaint per interval for all of them. */
  private statsChanged(): void {
    if (this.statsTimer || this.life.signal.aborted) return;
    this.statsTimer = setTimeout(() => {
      this.statsTimer = undefined;
      // Repaint only when a figure as shown changed: an idle container's rows stay put, so menus and
      // hovers on them are not disturbed every second.
      const shown = [...this.stats].map(([id, s]) => (s.sample ? `${id}:${s.sample.cpuPercent.toFixed(1)}:${formatBytes(s.sample.memoryBytes)}` : id)).join(',');
      if (shown === this.statsShown) return;
      this.statsShown = shown;
      this.changed();
    }, this.o.statsIntervalMs);
  }

  private setDisconnected(e: Error): void {
    const wasSame = this._state === 'disconnected' && this._error?.message === e.message;
    this._state = 'disconnected';
    this._error = e;
    if (!wasSame) this.changed();
  }

  private changed(): void {
    this.cachedTree = undefined;
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // one listener's bug must not hide the change from the others
      }
    }
  }
}

