// The analysis the graph editor reads, one per document version, made on this thread only for a document the
// language worker does not hold (a file opened with another language mode): the graph's views and edits, like
// the language features, ask the worker. Only the steps whose text changed since the last one are read again.
import type * as vscode from 'vscode';
import { analyzePipeline, type ParsePipelineFn, type PipelineAnalysis, type WorkspaceIndex } from '../../language/index.js';
import { StepCache } from '../../core/pipeline/index.js';

interface Entry {
  /** The document object it was made for: a closed and reopened file starts again at version 1. */
  document: vscode.TextDocument;
  version: number;
  analysis: PipelineAnalysis;
}

/** Caches {@link PipelineAnalysis} per document URI and version. */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Per document: a keystroke re-reads only the steps whose text changed (same result as a fresh parse). */
  private readonly stepCaches = new Map<string, StepCache>();

  constructor(
    readonly parse: ParsePipelineFn,
    private readonly workspace: WorkspaceIndex,
  ) {}

  /** The analysis of the document's current version (parsing now if needed). */
  get(document: vscode.TextDocument): PipelineAnalysis {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.document === document && hit.version === document.version) return hit.analysis;
    let stepCache = this.stepCaches.get(key);
    if (!stepCache) this.stepCaches.set(key, (stepCache = new StepCache()));
    const analysis = analyzePipeline(this.parse, document.getText(), { file: document.uri.scheme === 'file' ? document.uri.fsPath : undefined, workspace: this.workspace, stepCache });
    this.entries.set(key, { document, version: document.version, analysis });
    return analysis;
  }

  /** Forgets a closed document. */
  delete(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.stepCaches.delete(uri.toString());
  }

  dispose(): void {
    this.entries.clear();
    this.stepCaches.clear();
  }
}
