// What one graph editor's page shows of its document: each version's graph and side form, asked of the
// language worker (as a patch of the graph the page holds) when it can answer, else computed on this thread;
// posted as a patch of what the page holds when that is smaller. GraphSession owns one per panel.
import * as vscode from 'vscode';
import { applyGraphPatch, graphPatch, withGraphRanges, type GraphModel, type GraphPatch } from '../../core/graph/index.js';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import type { GraphView, GraphViewAnswer } from '../../language/graph/index.js';
import type { ToGraphWebview } from '../../../webview/shared/graphMessages.js';

/**
 * The graph view of a document version computed where the language worker keeps its analysis. Undefined
 * when it cannot answer for that version (a newer edit reached it first, or it does not hold the document).
 */
export interface GraphViewSource {
  /** `editor`: this editor's key and the answer whose graph it holds, so the answer can be a patch of it (none: a whole view nobody keeps). */
  view(document: vscode.TextDocument, version: number, request: { diagnostics: Diagnostic[]; inspected?: string; editor?: { key: string; base?: number } }): Promise<GraphViewAnswer | undefined>;
}

/** What the page graph needs from its session. */
export interface PageGraphHost {
  readonly document: vscode.TextDocument;
  readonly views?: GraphViewSource;
  /** The step the side form shows. */
  inspected(): string | undefined;
  /** The view computed on this thread, from the analysis of the text as it is now. */
  hostView(diagnostics: Diagnostic[], inspected: string | undefined): GraphView;
  post(message: ToGraphWebview): void;
  /** A graph the page got as a patch (or nothing): the whole one, for the automation command. */
  record(message: Extract<ToGraphWebview, { type: 'graph' }>): void;
  /** After each graph: what is drawn from it (the critical path). */
  afterGraph(): void;
  disposed(): boolean;
}

type GraphMessage = Extract<ToGraphWebview, { type: 'graph' }>;

const SEVERITY: Record<number, Diagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

let pagesMade = 0;

export class PageGraph {
  /** The newest graph that parsed (kept on screen while the text does not), and the version it is of. */
  lastGood: GraphModel | undefined;
  lastGoodVersion: number | undefined;
  /** Where each view sent after an edit was computed, and how many came as patches (the automation command reads it). */
  readonly viewsFrom = { worker: 0, host: 0, superseded: 0, patched: 0 };
  /** The graph the webview holds (what the next patch applies to); unset until it said `ready`. */
  private held: { graph: GraphModel; version: number } | undefined;
  /** The answer of the view source whose graph the page holds (none: this thread made it). */
  private heldViewId: number | undefined;
  /** This editor's name to the view source. */
  private readonly key = `graph-${++pagesMade}`;
  /** The newest send: an older one whose answer comes later posts nothing. */
  private seq = 0;
  private latest: Promise<void> = Promise.resolve();

  constructor(private readonly host: PageGraphHost) {}

  /**
   * Recomputes the graph and the inspected step's form, then posts them. The language worker computes
   * them when it can, so typing beside an open graph does not parse on this thread; resolves once the
   * newest send has posted.
   */
  send(): Promise<void> {
    const seq = ++this.seq;
    this.latest = this.viewAndPost(seq);
    return this.latest;
  }

  /**
   * A page that (re)started: the whole graph, from the language worker when it can answer (opening or
   * showing again a graph of a large pipeline does not parse it on this thread). Resolves once posted, so
   * the session's overlay messages go after it.
   */
  async sendToNewPage(): Promise<void> {
    this.held = undefined;
    this.heldViewId = undefined;
    const seq = ++this.seq;
    const done = this.wholeView(true).then((whole): Promise<void> | void => {
      // A send started meanwhile posts the newer version whole (the page holds nothing it could patch): wait for it.
      if (seq !== this.seq) return this.latest;
      if (!this.host.disposed()) this.postView(whole.view, whole.version, undefined, whole.id);
    });
    this.latest = done;
    return done;
  }

  /** The graph of the text as it is now, for the page's HTML (so the first paint needs no round trip). */
  async message(): Promise<GraphMessage> {
    const whole = await this.wholeView(false);
    return this.messageOf(whole.view, whole.version);
  }

  /**
   * The whole view of the current version: the worker's, else computed here (a document the worker does
   * not hold, or one that kept moving on while it answered). `remember`: the worker keeps it as what this
   * editor holds, so the next view can be a patch of it.
   */
  private async wholeView(remember: boolean): Promise<{ view: GraphView; version: number; id?: number }> {
    const { document, views } = this.host;
    for (let asked = 1; ; asked++) {
      const version = document.version;
      const diagnostics = this.diagnostics();
      const inspected = this.host.inspected();
      const answer = views ? await views.view(document, version, { diagnostics, ...(inspected !== undefined ? { inspected } : {}), ...(remember ? { editor: { key: this.key } } : {}) }) : undefined;
      // Asked without a base, the answer is whole: viewOf only reshapes it.
      const whole = answer && !answer.patch ? this.viewOf(answer) : undefined;
      if (answer && whole) {
        this.viewsFrom.worker++;
        return { view: whole.view, version, ...(remember ? { id: answer.id } : {}) };
      }
      // No answer for a version the document already left: ask again for the newer one (a few times: typing may go on).
      if (views && document.version !== version && asked < 3) continue;
      this.viewsFrom.host++;
      const same = document.version === version;
      return { view: this.host.hostView(same ? diagnostics : this.diagnostics(), same ? inspected : this.host.inspected()), version: document.version };
    }
  }

  private async viewAndPost(seq: number): Promise<void> {
    const { document, views } = this.host;
    const version = document.version;
    const diagnostics = this.diagnostics();
    const inspected = this.host.inspected();
    const base = this.heldViewId;
    const editor = { key: this.key, ...(base !== undefined ? { base } : {}) };
    const answer = views ? await views.view(document, version, { diagnostics, ...(inspected !== undefined ? { inspected } : {}), editor }) : undefined;
    if (seq !== this.seq) return this.latest;
    if (this.host.disposed()) return;
    const fromWorker = answer && this.viewOf(answer);
    if (fromWorker) {
      this.viewsFrom.worker++;
      if (fromWorker.patch) this.viewsFrom.patched++;
      return this.postView(fromWorker.view, version, fromWorker.patch, answer.id);
    }
    if (views && document.version !== version) {
      // The document moved on while the worker computed: its change event schedules the next send.
      this.viewsFrom.superseded++;
      return;
    }
    this.viewsFrom.host++;
    this.postView(this.host.hostView(diagnostics, inspected), version);
  }

  /** The whole view of an answer: a patch applies to the graph the page holds (undefined when it holds another). */
  private viewOf(answer: GraphViewAnswer): { view: GraphView; patch?: GraphPatch } | undefined {
    const rest = { ...(answer.syntax ? { syntax: answer.syntax } : {}), ...(answer.form ? { form: answer.form } : {}) };
    if (!answer.patch) return { view: { graph: answer.graph, ...rest } };
    if (!this.held || this.heldViewId !== answer.patch.base) return undefined;
    const graph = withGraphRanges(applyGraphPatch(this.held.graph, answer.patch.patch), answer.patch.ranges);
    return graph ? { view: { graph, ...rest }, patch: answer.patch.patch } : undefined;
  }

  /**
   * Posts the graph (a patch of what the page holds when it can: `known`, when the view came as one) and
   * then the side form. `viewId`: the answer the view came in, which the page then holds.
   */
  private postView(view: GraphView, version: number, known?: GraphPatch, viewId?: number): void {
    const message = this.messageOf(view, version);
    const patch = !message.error && this.held ? (known ?? graphPatch(this.held.graph, message.graph)) : undefined;
    if (patch && this.held) {
      // A small change goes as a patch (nothing when nothing changed); the automation command still reads the whole graph.
      const empty = !patch.nodes.length && !patch.removedNodes.length && !patch.edges.length && !patch.removedEdges.length && !Object.keys(patch.set).length;
      if (!empty || message.version !== this.held.version) this.host.post({ type: 'graphPatch', base: this.held.version, version: message.version, patch });
      this.host.record(message);
    } else this.host.post(message);
    this.held = message.error ? undefined : { graph: message.graph, version: message.version };
    this.heldViewId = message.error ? undefined : viewId;
    this.host.afterGraph();
    if (message.error) return;
    this.host.post(this.host.inspected() !== undefined && view.form ? { type: 'form', form: view.form } : { type: 'form' });
  }

  /** The graph message of a view; a text that does not parse shows the last good graph with the error. */
  private messageOf(view: GraphView, version: number): GraphMessage {
    if (view.syntax) {
      const line = this.host.document.positionAt(view.syntax.start).line + 1;
      return { type: 'graph', graph: this.lastGood ?? view.graph, version, error: `line ${line}: ${view.syntax.message}` };
    }
    this.lastGood = view.graph;
    this.lastGoodVersion = version;
    return { type: 'graph', graph: view.graph, version };
  }

  /** The editor's diagnostics of this document (every provider's), as offsets. */
  private diagnostics(): Diagnostic[] {
    const { document } = this.host;
    return vscode.languages.getDiagnostics(document.uri).map((d) => ({
      severity: SEVERITY[d.severity] ?? 'info',
      code: 'schema',
      message: d.message,
      range: { start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end) },
    }));
  }
}
