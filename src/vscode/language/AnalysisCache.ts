// One analysis per open pipeline document and version. Parsing happens at most once per version, whoever
// asks first (diagnostics, hover, lenses); completion may use the latest one even if it is a keystroke
// behind, because it reads only names (ids, outputs, types) from it and the cursor context from the live text.
import * as vscode from 'vscode';
import { analyzePipeline, type ParsePipelineFn, type PipelineAnalysis, type WorkspaceIndex } from '../../language/index.js';
import { StepCache } from '../../core/pipeline/index.js';

interface Entry {
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
    if (hit && hit.version === document.version) return hit.analysis;
    let stepCache = this.stepCaches.get(key);
    if (!stepCache) this.stepCaches.set(key, (stepCache = new StepCache()));
    const analysis = analyzePipeline(this.parse, document.getText(), { file: document.uri.scheme === 'file' ? document.uri.fsPath : undefined, workspace: this.workspace, stepCache });
    this.entries.set(key, { version: document.version, analysis });
    return analysis;
  }

  /** The latest analysis, possibly of an older version; parses only when there is none. */
  latest(document: vscode.TextDocument): PipelineAnalysis {
    return this.entries.get(document.uri.toString())?.analysis ?? this.get(document);
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
