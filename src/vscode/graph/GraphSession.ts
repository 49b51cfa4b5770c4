// One graph editor's session: edits from the webview applied as WorkspaceEdits, runs of this window and of
// the run store shown on the nodes; the page's graph itself, version by version, is PageGraph.ts's.
// GraphEditorProvider.ts creates one per panel.
import * as vscode from 'vscode';
import { relative, resolve, sep } from 'node:path';
import { criticalPath, durationsByStep, nodeAtOffset, nodeStatuses } from '../../core/graph/index.js';
import type { StepStatus } from '../../core/contracts/events.js';
import { parsePipeline, StepCache } from '../../core/pipeline/index.js';
import { analyzePipeline, stepTypes, type PipelineAnalysis, type SchemaNavigator } from '../../language/index.js';
import { graphEdit, graphView, type GraphEditRequest, type GraphEditResult } from '../../language/graph/index.js';
import { parseFromGraphWebview, type FromGraphWebview, type ToGraphWebview } from '../../../webview/shared/graphMessages.js';
import type { RunService } from '../run/RunService.js';
import { answerApproval } from '../run/EditorApprover.js';
import { pausedSteps } from '../../core/runner/debug/pausedSteps.js';
import { applyGraphEdit, type GraphEditSource, type GraphEditTarget } from './applyGraphEdit.js';
import { PageGraph, type GraphViewSource } from './PageGraph.js';

/** One analysis per document version, made on this thread (the AnalysisCache): for a document the language worker does not hold. */
export interface AnalysisSource {
  get(document: vscode.TextDocument): PipelineAnalysis;
}

/** How often a visible graph editor looks at the run store for runs started elsewhere. */
const STORE_POLL_MS = 1000;

/** The graph editor for one document; lives as long as its panel. */
export class GraphSession implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private runId: string | undefined;
  /** Step durations of the newest finished run of this file (the critical path is drawn from them). */
  private durations: { runId: string; byStep: Record<string, number> } | undefined;
  private lastCritical = '';
  private storeTimer: NodeJS.Timeout | undefined;
  /** False after a store read that found it half-written (the poll then reads again). */
  private storeReadOk = true;
  /** What the store follow-up last did, for the automation command (an intermittent e2e failure's dump). */
  private readonly storeTrace = { polls: 0, pollsInvisible: 0, changes: 0, reads: 0, lastNewest: '', lastOutcome: '' };
  /** One analysis per text version, made here only for a document the language worker does not hold. */
  private analysed: { version: number; analysis: PipelineAnalysis } | undefined;
  private readonly stepCache = new StepCache();
  /** The step the webview's side form shows. */
  private inspected: string | undefined;
  /** The types of the last messages the page itself sent (the automation command reads them). */
  readonly fromPage: string[] = [];
  /** The last message of each type posted to the webview (the automation command reads it). */
  readonly lastPosted = new Map<ToGraphWebview['type'], ToGraphWebview>();
  /** The page's graph and side form, version by version. */
  readonly page: PageGraph;
  /** Where the graph's edits were worked out (the automation command reads it). */
  readonly editsFrom = { worker: 0, host: 0 };

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly nav: SchemaNavigator,
    private readonly runs: RunService | undefined,
    private readonly analyses?: AnalysisSource,
    private readonly worker?: GraphViewSource & GraphEditSource,
  ) {
    this.page = new PageGraph({
      document,
      views: worker,
      inspected: () => this.inspected,
      hostView: (diagnostics, inspected) => graphView(this.analysis(), this.nav, diagnostics, inspected),
      post: (message) => this.post(message),
      record: (message) => this.lastPosted.set('graph', message),
      afterGraph: () => this.sendCritical(),
      disposed: () => this.disposed,
    });
    this.subs.push(
      panel.webview.onDidReceiveMessage((raw) => {
        this.fromPage.push(typeof (raw as { type?: unknown } | undefined)?.type === 'string' ? (raw as { type: string }).type : '?');
        if (this.fromPage.length > 20) this.fromPage.shift();
        return this.onMessage(raw);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === document && this.schedule()),
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === document.uri.toString()) && this.schedule()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor.document === document && this.highlight(e.textEditor)),
      pausedSteps.onDidChange((file) => this.isThisFile(file) && this.sendPaused()),
    );
    if (runs) {
      // Gates of this file's runs come and go with the registry (whoever answered them).
      this.subs.push(runs.approvals.onDidChange(() => this.sendApprovals()));
      this.subs.push(
        runs.onDidRunEvent(({ runId, event }) => {
          this.onRun(runId);
          if (event.type === 'run-end') this.storeChanged();
        }),
      );
      // Runs started elsewhere (the CLI, another window) reach the graph through the run store, as they
      // reach the Runs view: every run appends its events to <store>/<run id>/run.jsonl as they happen.
      // Relative to the workspace folder when the store lies inside it, so the watch holds before the store exists.
      const history = runs.history(document.uri);
      const root = history.root;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
      const inside = folder ? relative(folder.uri.fsPath, root).split(sep).join('/') : undefined;
      const pattern = folder && inside !== undefined && !inside.startsWith('..') ? new vscode.RelativePattern(folder, `${inside ? `${inside}/` : ''}*/run.jsonl`) : new vscode.RelativePattern(vscode.Uri.file(root), '*/run.jsonl');
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      this.subs.push(w, w.onDidChange(() => this.storeChanged()), w.onDidCreate(() => this.storeChanged()));
      // The events alone are not enough: the workspace watcher (@parcel/watcher) can miss folders made
      // together (a store's first run makes .ansflow/runs/<id> in one go) and then reports nothing below
      // them for the rest of the session. While the editor shows, a poll of the index and of the shown
      // run's records (two stats) catches what the events missed.
      let stamp = history.stamp(this.runId);
      const poll = setInterval(() => {
        this.storeTrace.polls++;
        if (this.disposed || !panel.visible) {
          this.storeTrace.pollsInvisible++;
          return;
        }
        const now = history.stamp(this.runId);
        // A read that met a half-written store leaves the stamp unset, so the next tick reads again.
        if (now === stamp && this.storeReadOk) return;
        stamp = now;
        this.storeTrace.changes++;
        this.storeChanged();
      }, STORE_POLL_MS);
      this.subs.push({ dispose: () => clearInterval(poll) });
    }
  }

  private isThisFile(file: string | undefined): boolean {
    return file !== undefined && this.document.uri.scheme === 'file' && resolve(file) === resolve(this.document.uri.fsPath);
  }

  /** The store follow-up's counters and last outcome, with the panel's visibility (automation only). */
  storeTraceNow(): Record<string, unknown> {
    return { ...this.storeTrace, visible: this.panel.visible, runId: this.runId ?? '', storeReadOk: this.storeReadOk, readPending: this.storeTimer !== undefined };
  }

  /** Whether its panel is on screen. */
  get visible(): boolean {
    return this.panel.visible;
  }

  /** Coalesced: a busy run appends many events. */
  private storeChanged(): void {
    this.storeTimer ??= setTimeout(() => {
      this.storeTimer = undefined;
      this.readStore(true);
    }, 250);
  }

  /**
   * Reads the store: the newest finished run of this file gives the critical path; with `follow`, the newest
   * run of this file that no run of this window drives gives the overlay (so a CLI run shows live).
   */
  readStore(follow: boolean): void {
    const history = this.runs?.history(this.document.uri);
    if (!history || this.disposed) return;
    const trace = this.storeTrace;
    trace.reads++;
    let runs;
    try {
      runs = history.list(50).filter((r) => this.isThisFile(r.file));
    } catch (e) {
      trace.lastOutcome = `list failed: ${e instanceof Error ? e.message : String(e)}`;
      this.storeReadOk = false;
      return;
    }
    trace.lastNewest = runs[0] ? `${runs[0].runId} ${runs[0].status}` : '(none of this file)';
    this.storeReadOk = true;
    const finished = runs.find((r) => r.status !== 'running' && r.status !== 'queued');
    if (finished && finished.runId !== this.durations?.runId) {
      const stored = history.get(finished.runId);
      if (stored) this.durations = { runId: finished.runId, byStep: durationsByStep(stored.steps) };
    }
    this.sendCritical();
    const newest = runs[0];
    if (!newest || this.runs?.get(newest.runId) || (!follow && newest.status !== 'running')) {
      trace.lastOutcome = !newest ? 'no run' : this.runs?.get(newest.runId) ? 'a run of this window' : 'not following';
      return;
    }
    const stored = history.get(newest.runId);
    if (!stored) {
      // Listed in the index but its records not written yet: read again on the next poll.
      trace.lastOutcome = 'records not written yet';
      this.storeReadOk = false;
      return;
    }
    trace.lastOutcome = `shown ${newest.runId}`;
    this.runId = newest.runId;
    this.post({ type: 'status', statuses: nodeStatuses(stored.steps.map((s) => ({ stepId: s.stepId, status: s.status as StepStatus }))), runId: newest.runId });
  }

  private sendCritical(): void {
    if (!this.page.lastGood) return;
    const path = this.durations ? criticalPath(this.page.lastGood, this.durations.byStep) : undefined;
    const message = path ? { type: 'critical' as const, ids: path.ids, totalMs: path.totalMs, runId: this.durations!.runId } : { type: 'critical' as const, ids: [], totalMs: 0 };
    const key = JSON.stringify(message);
    if (key === this.lastCritical) return;
    this.lastCritical = key;
    this.post(message);
  }

  private post(message: ToGraphWebview): void {
    if (this.disposed) return;
    this.lastPosted.set(message.type, message);
    void this.panel.webview.postMessage(message);
  }

  private analysis(): PipelineAnalysis {
    // The language service's analysis of this version when there is one: the text is parsed once per
    // version for both (its cache re-reads only the steps whose text changed).
    if (this.analyses) return this.analyses.get(this.document);
    if (this.analysed?.version !== this.document.version) {
      // The cache keeps the steps of the last version: an edit re-reads only the steps whose text changed.
      const parse: typeof parsePipeline = (text, options) => parsePipeline(text, { ...options, stepCache: this.stepCache });
      const analysis = analyzePipeline(parse, this.document.getText(), { file: this.document.uri.scheme === 'file' ? this.document.uri.fsPath : undefined });
      this.analysed = { version: this.document.version, analysis };
    }
    return this.analysed.analysis;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sendGraph(), 60);
  }

  /** Recomputes the graph and the side form and posts them; resolves once the newest send has posted. */
  sendGraph(): Promise<void> {
    return this.page.send();
  }

  /** The graph of the text as it is now (written into the page, so the first paint needs no round trip). */
  graphMessage(): Promise<Extract<ToGraphWebview, { type: 'graph' }>> {
    return this.page.message();
  }

  private highlight(editor: vscode.TextEditor): void {
    if (!this.page.lastGood) return;
    const node = nodeAtOffset(this.page.lastGood, this.document.offsetAt(editor.selection.active));
    this.post({ type: 'highlight', ...(node ? { id: node.id } : {}) });
  }

  private onRun(runId: string): void {
    const run = this.runs?.get(runId);
    if (!run || run.uri.toString() !== this.document.uri.toString()) return;
    this.runId = runId;
    this.post({ type: 'status', statuses: nodeStatuses(run.model.steps.values()), runId });
  }

  /** The approval gates of this file's runs in this window that wait for an answer (the node's Approve / Reject). */
  private sendApprovals(): void {
    if (!this.runs) return;
    const mine = this.runs.approvals.list().filter((r) => this.runs?.get(r.runId)?.uri.toString() === this.document.uri.toString());
    this.post({ type: 'approvals', approvals: mine.map((r) => ({ id: r.id, step: r.step, stepId: r.stepId, message: r.message })) });
  }

  /** The steps a debug session of this file holds (the debugger publishes them in core). */
  private sendPaused(): void {
    if (this.document.uri.scheme !== 'file') return;
    this.post({ type: 'paused', ids: pausedSteps.pausedIn(resolve(this.document.uri.fsPath)) });
  }

  /**
   * On `ready`: a running run the store holds, else the overlay the webview showed before it reloaded, else
   * (a new editor) this window's newest run. Re-posting this window's newest run on a reload would replace a
   * CLI run the store poll had found with an older one, and the poll would not find it again.
   */
  private restoreOverlay(): void {
    const shown = this.lastPosted.get('status');
    this.readStore(false);
    if (this.lastPosted.get('status') !== shown) return;
    if (shown) this.post(shown);
    else this.sendLatestRun();
  }

  /** The newest live run of this file in this window, if any, so a reopened editor shows it. */
  private sendLatestRun(): void {
    const run = this.runs?.active().find((r) => r.uri.toString() === this.document.uri.toString());
    if (run) this.onRun(run.model.runId);
  }

  /** Deletes only after a modal confirm (destructive: the text loses a whole step or job). */
  private async confirmDelete(question: string, request: GraphEditRequest, what: string): Promise<void> {
    const sure = await vscode.window.showWarningMessage(question, { modal: true }, 'Delete');
    if (sure === 'Delete') await this.apply(request, what);
  }

  /** Asks for a new name, checked as it is typed by the same edit that applies it. */
  private async promptRename(kind: 'step' | 'job', id: string, edit: 'renameStep' | 'renameJob'): Promise<void> {
    const name = await vscode.window.showInputBox({
      title: `Rename ${kind} '${id}'`,
      value: id,
      validateInput: async (v) => {
        const r = await this.computeEdit({ edit, id, name: v }, this.document.version);
        return r && 'error' in r ? r.error : undefined;
      },
    });
    if (name !== undefined) await this.apply({ edit, id, name }, `rename the ${kind}`);
  }

  /** Works out the edit from the text as it is now and applies it (again on a newer text if VS Code refused it). */
  private async apply(request: GraphEditRequest, what: string): Promise<void> {
    const problem = await applyGraphEdit(this.editTarget, (version) => this.computeEdit(request, version), what);
    if (problem) this.post({ type: 'notice', message: problem });
  }

  /**
   * The edit worked out by the language worker from its analysis of `version`, else here (a document it does
   * not hold). Undefined when the document moved on meanwhile: the caller works it out again.
   */
  private async computeEdit(request: GraphEditRequest, version: number): Promise<GraphEditResult | undefined> {
    const answer = await this.worker?.edit(this.document, version, request);
    if (answer) {
      this.editsFrom.worker++;
      return answer;
    }
    if (this.document.version !== version) return undefined;
    this.editsFrom.host++;
    return graphEdit(this.analysis(), this.nav, request);
  }

  private readonly editTarget: GraphEditTarget = {
    version: () => this.document.version,
    applyEdit: (edits) => {
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits) edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(e.range.start), this.document.positionAt(e.range.end)), e.newText);
      return vscode.workspace.applyEdit(edit, { isRefactoring: false });
    },
    nextChange: (version) =>
      this.document.version !== version
        ? Promise.resolve()
        : new Promise((done) => {
            const finish = () => {
              clearTimeout(timer);
              sub.dispose();
              done();
            };
            const sub = vscode.workspace.onDidChangeTextDocument((e) => e.document === this.document && finish());
            const timer = setTimeout(finish, 1000);
          }),
    alive: () => !this.disposed && !this.document.isClosed,
  };

  /** Selects a step's id (or a job's name) in the text, where the page's graph of this version has it. */
  private async reveal(id: string): Promise<void> {
    if (this.page.lastGoodVersion !== this.document.version) await this.sendGraph();
    const graph = this.page.lastGood;
    let at = graph?.nodes.find((n) => n.id === id)?.idRange ?? graph?.groups?.find((g) => g.id === id)?.nameRange;
    if (this.page.lastGoodVersion !== this.document.version) {
      // The text does not parse now: the analysis of the text as it is says where the name is, if anywhere.
      const a = this.analysis();
      at = a.stepById.get(id)?.idRange ?? a.parsed.pipeline.jobs?.find((j) => j.name === id)?.nameRange;
    }
    if (!at) return;
    const range = new vscode.Range(this.document.positionAt(at.start), this.document.positionAt(at.end));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    if (visible) {
      visible.selection = new vscode.Selection(range.start, range.end);
      visible.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    await vscode.window.showTextDocument(this.document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, selection: range });
  }

  /** Handles one webview message (also the automation command's entry); resolves when its edit is applied. */
  async onMessage(raw: unknown): Promise<void> {
    const msg: FromGraphWebview | undefined = parseFromGraphWebview(raw);
    if (!msg || this.disposed) return;
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'palette', entries: stepTypes(this.nav, 'steps') });
        this.lastCritical = '';
        // The page's graph goes before the overlay messages below.
        await this.page.sendToNewPage();
        this.restoreOverlay();
        this.sendPaused();
        this.sendApprovals();
        break;
      case 'select':
        await this.reveal(msg.id);
        break;
      case 'addStep':
        await this.apply({ edit: 'addStep', stepType: msg.stepType, ...(msg.needs ? { needs: msg.needs } : {}), ...(msg.job ? { job: msg.job } : {}) }, 'add the step');
        break;
      case 'addNeed':
        await this.apply({ edit: 'addNeed', from: msg.from, to: msg.to }, 'add the need');
        break;
      case 'removeNeed':
        await this.apply({ edit: 'removeNeed', from: msg.from, to: msg.to }, 'remove the need');
        break;
      case 'duplicateStep':
        await this.apply({ edit: 'duplicateStep', id: msg.id }, 'duplicate the step');
        break;
      case 'deleteStep':
        await this.confirmDelete(`Delete step '${msg.id}' and remove it from every needs list?`, { edit: 'deleteStep', id: msg.id }, 'delete the step');
        break;
      case 'renameStep':
        await this.promptRename('step', msg.id, 'renameStep');
        break;
      case 'inspect':
        this.inspected = msg.id;
        await this.sendGraph();
        break;
      case 'setKey':
        await this.apply({ edit: 'setKey', id: msg.id, key: msg.key, value: msg.value }, `set ${msg.key.join('.')}`);
        break;
      case 'addJob':
        await this.apply({ edit: 'addJob', ...(msg.stepType !== undefined ? { stepType: msg.stepType } : {}) }, 'add the job');
        break;
      case 'deleteJob':
        await this.confirmDelete(`Delete job '${msg.id}' with its steps, and remove it from every needs list?`, { edit: 'deleteJob', id: msg.id }, 'delete the job');
        break;
      case 'renameJob':
        await this.promptRename('job', msg.id, 'renameJob');
        break;
      case 'openLog': {
        const run = this.runId ? this.runs?.get(this.runId) : undefined;
        // A run of this window, else one read from the store (a CLI run).
        const key = run
          ? [...run.model.steps.values()].find((s) => s.stepId === msg.id)?.key
          : this.runId
            ? this.runs?.history(this.document.uri).get(this.runId)?.steps.find((s) => s.stepId === msg.id)?.step
            : undefined;
        if (this.runId && key) await vscode.commands.executeCommand('ansflow.showRunLog', this.runId, key);
        else this.post({ type: 'notice', message: `No run of this pipeline in this window has a log for '${msg.id}' yet.` });
        break;
      }
      case 'answerApproval': {
        // Only a gate of this file's runs: the id came from this webview, which saw only those.
        const request = this.runs?.approvals.get(msg.id);
        const error =
          request && this.runs?.get(request.runId)?.uri.toString() === this.document.uri.toString()
            ? answerApproval(this.runs.approvals, msg.id, msg.decision)
            : 'this approval is no longer waiting (already answered, timed out or its run ended)';
        if (error) this.post({ type: 'notice', message: `${request?.step ?? 'Approval'}: ${error}.` });
        break;
      }
      case 'runStep':
        await vscode.commands.executeCommand('ansflow.runStep', this.document.uri, msg.id);
        break;
      case 'runFrom':
        await vscode.commands.executeCommand('ansflow.runFromStep', this.document.uri, msg.id);
        break;
      case 'rerunFailed':
        if (this.runId) await vscode.commands.executeCommand('ansflow.rerunFailed', this.runId);
        else this.post({ type: 'notice', message: 'No run of this pipeline in this window to rerun.' });
        break;
      default: {
        const never: never = msg;
        void never;
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.storeTimer);
    for (const s of this.subs) s.dispose();
  }
}
