// Starts, tracks and cancels runs in the editor. It parses the pipeline through the engine port,
// asks for params and secrets, starts the runner, and fans each event out — synchronously, in
// order — to the run's model, terminal and diagnostics, then tells trees and the status bar.
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/contracts/events.js';
import type { ParsedPipeline } from '../../core/pipeline/model.js';
import type { RunOptions } from '../../core/runner/runTypes.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import { askApproval } from './EditorApprover.js';
import { PendingApprovals } from '../../core/runner/approvals/PendingApprovals.js';
import type { EnginePort, HistoryPort, RunHandleLike, RunRequest } from './engine.js';
import { missingParams, rememberedParams } from './paramValues.js';
import { pipelineKey, readWorkspaceText, workspaceRootOf } from './pipelineFiles.js';
import type { PipelineSecrets } from './PipelineSecrets.js';
import type { RunDiagnosticsController } from './RunDiagnosticsController.js';
import { RunModel } from './RunModel.js';
import { RunTerminal } from './RunTerminal.js';
import { ensureTrusted } from './trust.js';

/** What to run: a whole pipeline, one step, from a step, the failures of an earlier run, or a plan. */
export interface RunTarget {
  uri: vscode.Uri;
  only?: string[];
  from?: string;
  rerunFailedOf?: string;
  dryRun?: boolean;
  trigger?: string;
  /** Explicit params (tasks.json); otherwise remembered values, prompting for missing required ones. */
  params?: Record<string, string | number | boolean>;
}

/** A run started in this window. */
export interface ActiveRun {
  model: RunModel;
  handle: RunHandleLike;
  terminal: RunTerminal;
  vsTerminal?: vscode.Terminal;
  uri: vscode.Uri;
  parsed: ParsedPipeline;
}

const PARAMS_KEY = (key: string) => `ansflow.params:${key}`;

/** See the file comment. Usage: `await service.start({ uri })` returns the run id. */
export class RunService implements vscode.Disposable {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly changed = new vscode.EventEmitter<{ runId: string; event: RunEvent }>();
  private readonly histories = new Map<string, HistoryPort>();
  private readonly parsed = new Map<string, ParsedPipeline>();
  /** Fires for every event of every run started here (after the model applied it). */
  readonly onDidRunEvent = this.changed.event;
  /** Approval gates of this window's runs waiting for an answer (notification, graph node, Runs view). */
  readonly approvals = new PendingApprovals();

  constructor(
    private readonly ctx: AnsflowContext,
    readonly engine: EnginePort,
    private readonly secrets: PipelineSecrets,
    private readonly diagnostics: RunDiagnosticsController,
  ) {}

  /** Runs of this window, newest first. */
  active(): ActiveRun[] {
    return [...this.runs.values()].reverse();
  }

  get(runId: string): ActiveRun | undefined {
    return this.runs.get(runId);
  }

  /** The run store of the workspace holding `uri` (the CLI uses the same folder). */
  history(uri?: vscode.Uri): HistoryPort {
    const root = uri ? workspaceRootOf(uri) : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
    let h = this.histories.get(root);
    if (!h) {
      h = this.engine.history(root);
      this.histories.set(root, h);
    }
    return h;
  }

  /** Parses a pipeline file with its includes read through open editors (cached while its text is unchanged). */
  parse(uri: vscode.Uri): ParsedPipeline | undefined {
    const text = readWorkspaceText(uri.fsPath);
    if (text === undefined) return undefined;
    // Trees ask for the same file once per row; an included file's edit is picked up on the next run
    // because runs always parse afresh.
    const cached = this.parsed.get(uri.fsPath);
    if (cached && cached.text === text) return cached;
    const parsed = this.engine.parse(text, uri.fsPath, readWorkspaceText);
    this.parsed.set(uri.fsPath, parsed);
    return parsed;
  }

  /** Parses afresh (includes may have changed): what a run must start from. */
  private parseForRun(uri: vscode.Uri): ParsedPipeline | undefined {
    this.parsed.delete(uri.fsPath);
    return this.parse(uri);
  }

  /** Remembered params of a pipeline (values only for declared params). */
  rememberedParams(uri: vscode.Uri): Record<string, unknown> | undefined {
    return this.ctx.extension.workspaceState.get<Record<string, unknown>>(PARAMS_KEY(pipelineKey(uri)));
  }

  async rememberParams(uri: vscode.Uri, values: Record<string, unknown>): Promise<void> {
    await this.ctx.extension.workspaceState.update(PARAMS_KEY(pipelineKey(uri)), values);
  }

  /** Starts a run in its own terminal; resolves with the run id, or undefined when it did not start. */
  async start(target: RunTarget): Promise<string | undefined> {
    const begin = await this.prepare(target);
    if (!begin) return undefined;
    const terminal = new RunTerminal({ closeOnEnd: false, onCancel: () => this.cancelLater(terminal) });
    const vsTerminal = vscode.window.createTerminal({ name: `AnsFlow: ${begin.title}`, pty: terminal, iconPath: new vscode.ThemeIcon(target.dryRun ? 'list-tree' : 'play-circle') });
    vsTerminal.show(true);
    // Start once the terminal is open (bounded wait): output then streams instead of piling up unseen.
    await Promise.race([terminal.ready, new Promise((r) => setTimeout(r, 5000))]);
    let run: ActiveRun;
    try {
      run = begin.start(terminal);
    } catch (e) {
      terminal.writeLine(`AnsFlow: the run could not start: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    run.vsTerminal = vsTerminal;
    return run.model.runId;
  }

  /** Starts a run whose output goes to a task's pseudoterminal (closed with the exit code). */
  async startInTaskTerminal(target: RunTarget): Promise<RunTerminal> {
    const terminal = new RunTerminal({ closeOnEnd: true, onCancel: () => this.cancelLater(terminal) });
    const begin = await this.prepare(target);
    if (!begin) terminal.fail('AnsFlow: the run did not start (see the notification or the AnsFlow log).');
    // The task system opens the pseudoterminal after we return it; the run starts then.
    else void terminal.ready.then(() => begin.start(terminal));
    return terminal;
  }

  /** Cancels a run; resolves when it has ended. */
  async cancel(runId: string, reason = 'cancelled from the editor'): Promise<void> {
    const run = this.runs.get(runId);
    if (!run || run.model.status !== 'running') return;
    run.handle.cancel(reason);
    await run.handle.done.catch(() => undefined);
  }

  private cancelLater(terminal: RunTerminal): void {
    for (const r of this.runs.values()) if (r.terminal === terminal) void this.cancel(r.model.runId, 'terminal closed or Ctrl+C');
  }

  /** Checks trust, parses, resolves params; returns how to start the run, or undefined when it must not. */
  private async prepare(target: RunTarget): Promise<{ title: string; start: (terminal: RunTerminal) => ActiveRun } | undefined> {
    const verb = target.dryRun ? 'plan pipelines' : 'run pipelines';
    if (!(await ensureTrusted(verb))) return undefined;
    const parsed = this.parseForRun(target.uri);
    if (!parsed) throw new Error(`cannot read ${target.uri.fsPath}`);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const show = 'Show Problems';
      void vscode.window.showErrorMessage(`AnsFlow: ${pipelineKey(target.uri)} has ${errors.length} error(s); fix them before running.`, show).then((c) => {
        if (c === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return undefined;
    }
    const params = target.params ?? (await this.resolveParams(target.uri, parsed));
    if (!params) return undefined;

    // The model exists only once the runner gave the run id; the approval callback reads it later.
    const holder: { model?: RunModel } = {};
    const request: RunRequest = {
      ...this.requestFor(target.uri, parsed, holder),
      trigger: target.trigger ?? 'editor',
      params,
      only: target.only,
      from: target.from,
      rerunFailedOf: target.rerunFailedOf,
      dryRun: target.dryRun ?? false,
    };
    return { title: parsed.pipeline.name ?? pipelineKey(target.uri), start: (terminal) => this.begin(target, parsed, request, holder, terminal) };
  }

  /**
   * How a debug session runs `uri` (the session starts the run itself, with its launch params): the same
   * run store, secrets (SecretStorage ones too), approvals and settings as a run started here.
   */
  debugRunOptions(uri: vscode.Uri): RunOptions | undefined {
    const parsed = this.parseForRun(uri);
    if (!parsed) return undefined;
    return this.engine.runOptions(parsed, { ...this.requestFor(uri, parsed, {}), trigger: 'debug', params: {}, dryRun: false });
  }

  /** The settings, secrets and approvals of a run of `uri`; the caller adds what to run. */
  private requestFor(uri: vscode.Uri, parsed: ParsedPipeline, holder: { model?: RunModel }): Omit<RunRequest, 'trigger' | 'params' | 'dryRun'> {
    const pkey = pipelineKey(uri);
    const config = vscode.workspace.getConfiguration('ansflow', uri);
    return {
      file: uri.fsPath,
      concurrency: config.get<number>('concurrency', 4),
      interpreters: { shell: config.get<string>('shell') || undefined, python: config.get<string>('pythonPath') || undefined, node: config.get<string>('nodePath') || undefined },
      workspaceRoot: workspaceRootOf(uri),
      dependencyCache: { directory: config.get<string>('cache.directory') || undefined, maxSizeMB: config.get<number>('cache.maxSizeMB') },
      // An explicit `key:` is shared by every pipeline of the workspace; otherwise the secret belongs to this pipeline.
      secret: (name, storageKey) => {
        const spec = parsed.pipeline.secrets.find((s) => s.name === name);
        return storageKey ? this.secrets.getOrPrompt('*', storageKey, spec?.description) : this.secrets.getOrPrompt(pkey, name, spec?.description);
      },
      approve: (step, message, approvers, timeoutMs, signal, runId) =>
        askApproval(this.approvals, { runId, pipeline: parsed.pipeline.name ?? pkey, step, message, approvers, timeoutMs, following: holder.model?.pendingAfter(step) ?? [] }, signal),
    };
  }

  private begin(target: RunTarget, parsed: ParsedPipeline, request: RunRequest, holder: { model?: RunModel }, terminal: RunTerminal): ActiveRun {
    const key = pipelineKey(target.uri);
    const handle = this.engine.start(parsed, request);
    const model = new RunModel(handle.runId);
    holder.model = model;
    const session = this.diagnostics.begin(parsed, target.uri.fsPath, model);
    const run: ActiveRun = { model, handle, terminal, uri: target.uri, parsed };
    this.runs.set(handle.runId, run);
    const m = model;
    const sub = handle.onEvent((e) => {
      m.apply(e);
      terminal.onEvent(e);
      try {
        session.onEvent(e);
      } catch (err) {
        this.ctx.log.error('diagnostics failed for an event', err);
      }
      this.changed.fire({ runId: handle.runId, event: e });
      if (e.type === 'run-end') {
        this.approvals.withdrawRun(handle.runId, 'the run ended');
        sub.dispose();
        this.prune();
      }
    });
    this.ctx.register(sub);
    this.ctx.log.info(`run ${handle.runId} of ${key} started (${request.trigger}${target.only ? `, only ${target.only.join(',')}` : ''}${target.from ? `, from ${target.from}` : ''}${request.dryRun ? ', plan' : ''})`);
    handle.done.then(
      () => this.ctx.log.info(`run ${handle.runId} ended: ${m.status}`),
      (err) => this.ctx.log.error(`run ${handle.runId} failed to finish`, err),
    );
    return run;
  }

  /** Keeps the newest finished runs in memory (with their live logs); older ones are read from the store. */
  private prune(keep = 20): void {
    const finished = [...this.runs.values()].filter((r) => r.model.status !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - keep))) this.runs.delete(r.model.runId);
  }

  /** Remembered values plus prompts for required params that have none. */
  private async resolveParams(uri: vscode.Uri, parsed: ParsedPipeline): Promise<Record<string, string | number | boolean> | undefined> {
    const specs = parsed.pipeline.params;
    const remembered = this.rememberedParams(uri);
    if (missingParams(specs, remembered).length === 0) return rememberedParams(specs, remembered);
    const values = await vscode.commands.executeCommand<Record<string, string | number | boolean> | undefined>('ansflow.selectParams', uri, { onlyMissing: true });
    return values;
  }

  dispose(): void {
    for (const r of this.runs.values()) {
      if (r.model.status === 'running') r.handle.cancel('editor closing');
      r.terminal.dispose();
    }
    this.runs.clear();
    this.parsed.clear();
    this.changed.dispose();
  }
}
