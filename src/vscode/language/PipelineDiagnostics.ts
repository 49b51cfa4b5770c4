// Diagnostics for `ansflow-pipeline` documents: debounced per document on change, immediate on open,
// cleared on close, plus one background pass over the workspace's pipeline files at activation.
//
// Supersession: every change bumps the document's generation and restarts its timer; a computation
// publishes only if its generation is still the newest and the document version did not move, so a slow
// result never overwrites a newer one.
import * as vscode from 'vscode';
import { analyzePipeline, pipelineDiagnostics, LineIndex, type WorkspaceIndex } from '../../language/index.js';
import { isPipelineFile, PIPELINE_GLOB, PIPELINE_SEARCH_EXCLUDE_GLOB } from '../../core/pipeline/index.js';
import type { AnalysisCache } from './AnalysisCache.js';
import { toDiagnostic } from './convert.js';

/** The language id our features serve (and the only one; see registerLanguageFeatures for Red Hat YAML). */
export const PIPELINE_LANGUAGE = 'ansflow-pipeline';


/** Options for {@link PipelineDiagnostics}. */
export interface PipelineDiagnosticsOptions {
  debounceMs?: number;
  log?: vscode.LogOutputChannel;
}

/** Owns the `ansflow` DiagnosticCollection. */
export class PipelineDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ansflow');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scan = new vscode.CancellationTokenSource();
  private readonly debounceMs: number;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after diagnostics of a document were published (tests and the graph editor listen). */
  readonly onDidPublish = this.emitter.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly workspace: WorkspaceIndex,
    options: PipelineDiagnosticsOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, this.debounceMs)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      this.emitter,
      this.scan,
    );
    // Files changed on disk while not open (git checkout, generators, the graph editor) are re-checked.
    const watcher = vscode.workspace.createFileSystemWatcher(PIPELINE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => this.validateFile(u)),
      watcher.onDidChange((u) => this.validateFile(u)),
      watcher.onDidDelete((u) => {
        if (!this.isOpen(u)) this.collection.delete(u);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private isOpen(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }

  /** Validates a pipeline file from disk unless an editor owns it; returns whether it did. */
  validateFile(uri: vscode.Uri): boolean {
    // The watcher's glob also sees the run store; run history is not a pipeline.
    if (this.isOpen(uri) || uri.scheme !== 'file' || !isPipelineFile(uri.fsPath)) return false;
    const text = this.workspace.readFile?.(uri.fsPath);
    if (text === undefined) return false;
    const analysis = analyzePipeline(this.cache.parse, text, { file: uri.fsPath, workspace: this.workspace });
    const lines = new LineIndex(text);
    this.collection.set(
      uri,
      pipelineDiagnostics(analysis, this.workspace).map((d) => toDiagnostic(lines, uri, d, (f) => this.workspace.readFile?.(f))),
    );
    this.emitter.fire(uri);
    return true;
  }

  /** Computes a document's diagnostics after `delayMs`, superseding any pending computation. */
  schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.languageId !== PIPELINE_LANGUAGE) return;
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    clearTimeout(this.timers.get(key));
    const version = document.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (this.generations.get(key) !== generation || document.isClosed || document.version !== version) return;
        const analysis = this.cache.get(document);
        const diagnostics = pipelineDiagnostics(analysis, this.workspace);
        if (this.generations.get(key) !== generation || document.version !== version) return;
        this.collection.set(
          document.uri,
          diagnostics.map((d) => toDiagnostic(document, document.uri, d, (f) => this.workspace.readFile?.(f))),
        );
        this.emitter.fire(document.uri);
      }, delayMs),
    );
  }

  /** Validates a document now (no debounce), publishes and returns its diagnostics. */
  validateNow(document: vscode.TextDocument): vscode.Diagnostic[] {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    const analysis = this.cache.get(document);
    const diagnostics = pipelineDiagnostics(analysis, this.workspace).map((d) => toDiagnostic(document, document.uri, d, (f) => this.workspace.readFile?.(f)));
    this.collection.set(document.uri, diagnostics);
    this.emitter.fire(document.uri);
    return diagnostics;
  }

  private clear(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.cache.delete(document.uri);
    this.collection.delete(document.uri);
  }

  /**
   * Validates every pipeline file in the workspace that is not open, one file per macrotask so the
   * extension host stays responsive; stops when disposed.
   */
  async scanWorkspace(): Promise<number> {
    const token = this.scan.token;
    const seen = new Set<string>();
    let count = 0;
    const files = await vscode.workspace.findFiles(PIPELINE_GLOB, PIPELINE_SEARCH_EXCLUDE_GLOB, 5000, token);
    for (const uri of files) {
      if (token.isCancellationRequested) return count;
      if (seen.has(uri.toString())) continue;
      seen.add(uri.toString());
      // One file per macrotask; an editor may have opened it meanwhile, then the document path owns it.
      await new Promise((r) => setTimeout(r, 0));
      if (token.isCancellationRequested) return count;
      if (this.validateFile(uri)) count++;
    }
    return count;
  }

  dispose(): void {
    this.scan.cancel();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.collection.dispose();
  }
}
