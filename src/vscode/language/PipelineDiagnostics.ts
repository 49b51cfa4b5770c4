// Diagnostics for `ansflow-pipeline` documents, computed by the language worker: it pushes them per
// analysed version and they are published only if the document is still at that version (a result for an
// older text is dropped), cleared on close; plus one background pass over the workspace's pipeline files
// at activation and a re-check of files changed on disk while not open.
import * as vscode from 'vscode';
import { LineIndex, type WorkspaceIndex } from '../../language/index.js';
import type { Diagnostic as CoreDiagnostic } from '../../core/contracts/diagnostics.js';
import type { LanguageWorkerClient } from '../../language/worker/LanguageWorkerClient.js';
import { isPipelineFile, PIPELINE_GLOB, PIPELINE_SEARCH_EXCLUDE_GLOB } from '../../core/pipeline/index.js';
import { SerialByKey } from '../../core/util/serialByKey.js';
import { toDiagnostic } from './convert.js';

/** The language id our features serve (and the only one; see registerLanguageFeatures for Red Hat YAML). */
export const PIPELINE_LANGUAGE = 'ansflow-pipeline';

/** Owns the `ansflow` DiagnosticCollection. */
export class PipelineDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ansflow');
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scan = new vscode.CancellationTokenSource();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after diagnostics of a document were published (tests and the graph editor listen). */
  readonly onDidPublish = this.emitter.event;
  private client: LanguageWorkerClient | undefined;
  /** Files changed on disk, re-checked one at a time and once per file however many events arrive. */
  private readonly recheck = new SerialByKey<string>((u) => this.validateFile(vscode.Uri.parse(u)));

  constructor(private readonly workspace: WorkspaceIndex) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      this.emitter,
      this.scan,
    );
    // Files changed on disk while not open (git checkout, generators, the graph editor) are re-checked.
    const watcher = vscode.workspace.createFileSystemWatcher(PIPELINE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => this.recheck.schedule(u.toString())),
      watcher.onDidChange((u) => this.recheck.schedule(u.toString())),
      watcher.onDidDelete((u) => {
        if (!this.isOpen(u)) this.collection.delete(u);
      }),
    );
  }

  /** Connects the worker client (it is created after this object, whose `publish` it calls). */
  attach(client: LanguageWorkerClient): void {
    this.client = client;
  }

  private isOpen(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  }

  /** Publishes a version's diagnostics if the document is still open at that version. */
  publish(uriText: string, version: number, found: CoreDiagnostic[]): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriText);
    if (!document || document.isClosed || document.version !== version || document.languageId !== PIPELINE_LANGUAGE) return;
    this.collection.set(
      document.uri,
      found.map((d) => toDiagnostic(document, document.uri, d, (f) => this.workspace.readFile?.(f))),
    );
    this.emitter.fire(document.uri);
  }

  /** Validates a pipeline file from disk unless an editor owns it; returns whether it did. */
  async validateFile(uri: vscode.Uri): Promise<boolean> {
    // The watcher's glob also sees the run store; run history is not a pipeline.
    if (this.isOpen(uri) || uri.scheme !== 'file' || !isPipelineFile(uri.fsPath) || !this.client) return false;
    const result = await this.client.request('', 0, { method: 'fileDiagnostics', file: uri.fsPath });
    if (!result || this.isOpen(uri)) return false;
    const lines = new LineIndex(result.text);
    this.collection.set(
      uri,
      result.diagnostics.map((d) => toDiagnostic(lines, uri, d, (f) => this.workspace.readFile?.(f))),
    );
    this.emitter.fire(uri);
    return true;
  }

  /** Validates a document now, publishes and returns its diagnostics. */
  async validateNow(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const found = await this.client?.request(document.uri.toString(), document.version, { method: 'diagnostics' });
    if (!found) throw new Error(`${vscode.workspace.asRelativePath(document.uri)} changed while it was being validated; run Validate Pipeline again.`);
    const diagnostics = found.map((d) => toDiagnostic(document, document.uri, d, (f) => this.workspace.readFile?.(f)));
    this.collection.set(document.uri, diagnostics);
    this.emitter.fire(document.uri);
    return diagnostics;
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
      if (await this.validateFile(uri)) count++;
    }
    return count;
  }

  dispose(): void {
    this.scan.cancel();
    this.recheck.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.collection.dispose();
  }
}
