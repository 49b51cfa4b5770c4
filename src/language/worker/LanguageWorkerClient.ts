// The host's end of the language worker. Documents go over as text on open and as edits on change (the
// cheaper form: bench/README.md), requests as numbered messages answered by promise. When the worker
// cannot start, or keeps crashing, the same service runs in this thread instead (one log line says so);
// after a crash the worker is restarted and given every open document again.
//
// Bounded: at most `maxPending` requests wait for answers (the oldest is dropped with `undefined`), and
// diagnostics are coalesced per document in the service, so nothing grows with typing speed.
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { PipelineLanguageService, StaleRequestError } from './PipelineLanguageService.js';
import { isResultOf, parseFromLanguageWorker, type LanguageRequest, type LanguageResults, type TextChange, type ToLanguageWorker } from './protocol.js';

/** An open document as the host sees it now. */
export interface OpenDocumentState {
  uri: string;
  version: number;
  text: string;
  file?: string;
}

export interface LanguageWorkerClientOptions {
  /** The worker script (dist/languageWorker.js in the extension). */
  workerFile: string;
  /** Passed to the worker (schema path…). */
  workerData: unknown;
  /** Node flags for the worker (tests run the TypeScript entry with `--import tsx`). */
  execArgv?: string[];
  /** Builds the in-thread service used when no worker runs. */
  inProcess(onDiagnostics: (uri: string, version: number, diagnostics: Diagnostic[], ms: number) => void): PipelineLanguageService;
  /** Every document open now, for a restarted worker or the in-thread fallback. */
  openDocuments(): OpenDocumentState[];
  log(line: string): void;
  onDiagnostics(uri: string, version: number, diagnostics: Diagnostic[], ms: number): void;
  maxPending?: number;
  /** Crashes tolerated before staying in-thread. */
  maxRestarts?: number;
  /** In-thread analysis delay after a change (the old debounce: it blocks this thread). */
  inProcessDelayMs?: number;
}

interface Pending {
  message: Extract<ToLanguageWorker, { type: 'request' }>;
  resolve(v: unknown): void;
}

export type ClientMode = 'starting' | 'worker' | 'in-process' | 'disposed';

export class LanguageWorkerClient {
  private worker: Worker | undefined;
  private local: PipelineLanguageService | undefined;
  private localTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private restarts = 0;
  private folders: string[] = [];
  private state: ClientMode = 'starting';
  /** Resolves once the worker is online or the fallback took over. */
  readonly ready: Promise<ClientMode>;
  private settleReady: (m: ClientMode) => void = () => undefined;

  constructor(private readonly options: LanguageWorkerClientOptions) {
    this.ready = new Promise((r) => (this.settleReady = r));
    this.start();
  }

  get mode(): ClientMode {
    return this.state;
  }

  /** Crashes seen so far (tests). */
  get crashes(): number {
    return this.restarts;
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = new Worker(this.options.workerFile, { workerData: this.options.workerData, execArgv: this.options.execArgv });
    } catch (e) {
      return this.fallBack(`could not start (${e instanceof Error ? e.message : String(e)})`);
    }
    this.worker = worker;
    let online = false;
    worker.on('message', (m: unknown) => {
      if (!online && parseFromLanguageWorker(m)?.type === 'ready') {
        online = true;
        this.state = 'worker';
        this.settleReady('worker');
      } else this.receive(m);
    });
    worker.on('error', (e) => this.lost(worker, online, e.message));
    worker.on('exit', (code) => this.lost(worker, online, `exited with code ${code}`));
    // Whatever is open now goes first; messages are delivered in order, so requests after it see it.
    this.post({ type: 'folders', folders: this.folders });
    for (const d of this.options.openDocuments()) this.post({ type: 'open', ...d });
    for (const p of this.pending.values()) this.post(p.message);
  }

  private lost(worker: Worker, online: boolean, why: string): void {
    if (this.worker !== worker || this.state === 'disposed') return;
    this.worker = undefined;
    void worker.terminate();
    if (!online) return this.fallBack(`could not start (${why})`);
    this.restarts++;
    if (this.restarts > (this.options.maxRestarts ?? 3)) return this.fallBack(`crashed ${this.restarts} times (last: ${why})`);
    this.options.log(`language worker ${why}; restarting it`);
    this.start();
  }

  private fallBack(why: string): void {
    this.options.log(`language worker ${why}: analysing pipelines in the extension host instead`);
    this.state = 'in-process';
    this.local = this.options.inProcess((uri, version, diagnostics, ms) => this.options.onDiagnostics(uri, version, diagnostics, ms));
    this.local.handle({ type: 'folders', folders: this.folders });
    for (const d of this.options.openDocuments()) this.local.handle({ type: 'open', ...d });
    this.scheduleLocal(0);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.resolve(this.answerLocally(p.message));
    this.settleReady('in-process');
  }

  private scheduleLocal(delayMs: number): void {
    clearTimeout(this.localTimer);
    this.localTimer = setTimeout(() => this.local?.flush(), delayMs);
  }

  private answerLocally(m: Extract<ToLanguageWorker, { type: 'request' }>): unknown {
    try {
      return this.local!.request(m.uri, m.version, m.request);
    } catch (e) {
      // As from the worker: stale → no answer; anything else → the one-line message.
      return e instanceof StaleRequestError ? undefined : new Error(e instanceof Error ? e.message : String(e));
    }
  }

  private post(message: ToLanguageWorker): void {
    if (this.local) {
      if (message.type === 'request') return;
      this.local.handle(message);
      if (this.local.pending) this.scheduleLocal(this.options.inProcessDelayMs ?? 200);
      return;
    }
    this.worker?.postMessage(message);
  }

  private receive(raw: unknown): void {
    const m = parseFromLanguageWorker(raw);
    if (!m) return this.options.log('language worker: dropped a malformed message');
    if (m.type === 'ready') return;
    if (m.type === 'diagnostics') return this.options.onDiagnostics(m.uri, m.version, m.diagnostics, m.ms);
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) {
      if (isResultOf(p.message.request.method, m.result)) p.resolve(m.result);
      else {
        this.options.log(`language worker: dropped a malformed ${p.message.request.method} result`);
        p.resolve(undefined);
      }
    } else if ('stale' in m) p.resolve(undefined);
    else p.resolve(new Error(m.error));
  }

  open(doc: OpenDocumentState): void {
    this.post({ type: 'open', ...doc });
  }

  /** A new version, as edits on the previous one or as the whole text. */
  change(uri: string, version: number, update: { changes: TextChange[] } | { text: string }): void {
    this.post({ type: 'change', uri, version, ...update });
  }

  close(uri: string): void {
    this.post({ type: 'close', uri });
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.post({ type: 'folders', folders });
  }

  /**
   * Asks about a document at a version. Resolves to undefined when the answer no longer applies (a newer
   * version, too many waiting requests); rejects with the service's one-line message (e.g. a refused rename).
   */
  async request<R extends LanguageRequest>(uri: string, version: number, request: R): Promise<LanguageResults[R['method']] | undefined> {
    if ((await this.ready) === 'disposed' || this.state === 'disposed') return undefined;
    const message = { type: 'request' as const, id: this.nextId++, uri, version, request };
    const answer = this.local
      ? this.answerLocally(message)
      : await new Promise<unknown>((resolve) => {
          this.pending.set(message.id, { message, resolve });
          if (this.pending.size > (this.options.maxPending ?? 64)) {
            const [oldest, p] = this.pending.entries().next().value!;
            this.pending.delete(oldest);
            p.resolve(undefined);
          }
          this.post(message);
        });
    if (answer instanceof Error) throw answer;
    return answer as LanguageResults[R['method']] | undefined;
  }

  /** Stops the worker and answers every waiting request with undefined. */
  dispose(): void {
    this.state = 'disposed';
    this.settleReady('disposed');
    clearTimeout(this.localTimer);
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
    void this.worker?.terminate();
    this.worker = undefined;
    this.local = undefined;
  }
}
