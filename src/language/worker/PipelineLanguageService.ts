// The language service over open documents kept as text by version: applies edits, analyses the newest
// version of each changed document (intermediate versions are never analysed), pushes its diagnostics
// and answers requests. The same object runs inside the language worker and, when no worker can run,
// in the extension host, so both paths give the same answers.
import { StepCache } from '../../core/pipeline/parse/stepCache.js';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { analyzePipeline, type ParsePipelineFn } from '../analyzePipeline.js';
import type { PipelineAnalysis } from '../PipelineAnalysis.js';
import type { SchemaNavigator } from '../SchemaNavigator.js';
import type { WorkspaceIndex } from '../WorkspaceIndex.js';
import { LineIndex } from '../LineIndex.js';
import { complete } from '../complete.js';
import { hover } from '../hover.js';
import { occurrences, renameEdits, renameRange, symbolAt } from '../references.js';
import { documentLinks } from '../documentLinks.js';
import { documentSymbols } from '../documentSymbols.js';
import { foldingRanges } from '../foldingRanges.js';
import { selectionRanges } from '../selectionRanges.js';
import { codeLenses } from '../codeLenses.js';
import { quickFixes } from '../quickFixes.js';
import { pipelineDiagnostics } from '../pipelineDiagnostics.js';
import { graphView, SentGraphViews } from '../graph/graphView.js';
import { graphEdit } from '../graph/graphEditRequest.js';
import type { LanguageRequest, LanguageResults, TextChange, ToLanguageWorker } from './protocol.js';

interface OpenDocument {
  version: number;
  text: string;
  file?: string;
  stepCache: StepCache;
  analysed?: { version: number; analysis: PipelineAnalysis; diagnostics?: Diagnostic[] };
}

/** What the service needs from its host. */
export interface LanguageServiceOptions {
  parse: ParsePipelineFn;
  nav: SchemaNavigator;
  /** Files beyond the open documents; give it {@link PipelineLanguageService.openText} to see unsaved text. */
  workspace: WorkspaceIndex;
  /** Where a document link really opens (a folder link opens its Chart.yaml…); undefined drops the link. */
  linkTarget?: (target: string) => string | undefined;
  onDiagnostics(uri: string, version: number, diagnostics: Diagnostic[], ms: number): void;
  onFolders?(folders: string[]): void;
}

/** A request for a document the service does not have at that version. */
export class StaleRequestError extends Error {}

/** Applies VS Code content changes, in order, to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  for (const c of changes) text = text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
  return text;
}

export class PipelineLanguageService {
  private readonly docs = new Map<string, OpenDocument>();
  /** Documents changed since their diagnostics were last pushed: at most one entry per open document. */
  private readonly dirty = new Set<string>();
  /** What each graph editor was last sent, so its next view can be a patch. */
  private readonly graphViews = new SentGraphViews();

  constructor(private readonly options: LanguageServiceOptions) {}

  /** The unsaved text of an open document with this absolute path. */
  openText(absPath: string): string | undefined {
    for (const d of this.docs.values()) if (d.file === absPath) return d.text;
    return undefined;
  }

  /** Whether some document waits for analysis (the host then calls {@link flush}). */
  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** Applies one host message other than a request. */
  handle(message: Exclude<ToLanguageWorker, { type: 'request' }>): void {
    switch (message.type) {
      case 'open':
        this.docs.set(message.uri, { version: message.version, text: message.text, file: message.file, stepCache: new StepCache({ reuseDocument: true, shareSteps: true }) });
        this.dirty.add(message.uri);
        return;
      case 'change': {
        const doc = this.docs.get(message.uri);
        if (!doc) return;
        doc.text = message.text ?? applyChanges(doc.text, message.changes ?? []);
        doc.version = message.version;
        this.dirty.add(message.uri);
        return;
      }
      case 'close':
        this.docs.delete(message.uri);
        this.dirty.delete(message.uri);
        this.graphViews.forget(message.uri);
        return;
      case 'folders':
        this.options.onFolders?.(message.folders);
        return;
    }
  }

  /** Analyses the newest version of every changed document and pushes its diagnostics. */
  flush(): void {
    for (const uri of [...this.dirty]) {
      this.dirty.delete(uri);
      const doc = this.docs.get(uri);
      if (!doc) continue;
      const t0 = performance.now();
      const diagnostics = this.diagnosticsOf(doc);
      this.options.onDiagnostics(uri, doc.version, diagnostics, performance.now() - t0);
    }
  }

  private analysisOf(doc: OpenDocument): NonNullable<OpenDocument['analysed']> {
    if (doc.analysed?.version !== doc.version) {
      const analysis = analyzePipeline(this.options.parse, doc.text, { file: doc.file, workspace: this.options.workspace, stepCache: doc.stepCache });
      doc.analysed = { version: doc.version, analysis };
    }
    return doc.analysed;
  }

  private diagnosticsOf(doc: OpenDocument): Diagnostic[] {
    const a = this.analysisOf(doc);
    return (a.diagnostics ??= pipelineDiagnostics(a.analysis, this.options.workspace));
  }

  /** Answers a request about `uri` at `version`; throws {@link StaleRequestError} when the text is at another version. */
  request<R extends LanguageRequest>(uri: string, version: number, request: R): LanguageResults[R['method']] {
    return this.answer(uri, version, request) as LanguageResults[R['method']];
  }

  private answer(uri: string, version: number, r: LanguageRequest): LanguageResults[LanguageRequest['method']] {
    const { nav, workspace } = this.options;
    if (r.method === 'fileDiagnostics') {
      const text = workspace.readFile?.(r.file);
      if (text === undefined) return undefined;
      const analysis = analyzePipeline(this.options.parse, text, { file: r.file, workspace });
      return { text, diagnostics: pipelineDiagnostics(analysis, workspace) };
    }
    const doc = this.docs.get(uri);
    if (!doc || doc.version !== version) throw new StaleRequestError(`${uri} is at version ${doc?.version ?? 'none'}, not ${version}`);
    // Completion reads names from the last analysis, whatever its version, and the cursor context from the
    // live text: it never waits for a parse when there is one.
    if (r.method === 'complete') {
      const last = doc.analysed?.analysis ?? this.analysisOf(doc).analysis;
      return complete(last, nav, r.offset, { text: doc.text, workspace });
    }
    const analysis = this.analysisOf(doc).analysis;
    switch (r.method) {
      case 'hover':
        return hover(analysis, nav, r.offset, workspace);
      case 'definition': {
        const symbol = symbolAt(analysis, r.offset);
        if (!symbol) return undefined;
        if (symbol.kind === 'template') {
          const t = analysis.templateByName.get(symbol.name);
          const other = t?.file ? workspace.readFile?.(t.file) : undefined;
          if (t?.file && other !== undefined) {
            const lines = new LineIndex(other);
            return { file: t.file, start: lines.positionAt(t.nameRange.start), end: lines.positionAt(t.nameRange.end) };
          }
        }
        const def = occurrences(analysis, symbol).definition;
        return def ? { range: def } : undefined;
      }
      case 'references': {
        const symbol = symbolAt(analysis, r.offset);
        if (!symbol) return [];
        const occ = occurrences(analysis, symbol);
        return [...(r.includeDeclaration && occ.definition ? [occ.definition] : []), ...occ.references];
      }
      case 'prepareRename':
        return renameRange(analysis, r.offset);
      case 'rename':
        return renameEdits(analysis, r.offset, r.newName);
      case 'links': {
        const out: LanguageResults['links'] = [];
        for (const l of documentLinks(analysis)) {
          const target = this.options.linkTarget ? this.options.linkTarget(l.target) : l.target;
          if (target) out.push({ range: l.range, target, key: l.key });
        }
        return out;
      }
      case 'symbols':
        return documentSymbols(analysis);
      case 'folding':
        return foldingRanges(analysis);
      case 'selection':
        return r.offsets.map((o) => selectionRanges(analysis, o));
      case 'lenses':
        return codeLenses(analysis, workspace);
      case 'codeActions': {
        const relevant = this.diagnosticsOf(doc).filter((d) => d.range.start <= r.end && d.range.end >= r.start);
        const missingFiles = relevant.filter((d) => d.code === 'file-not-found' && typeof d.data?.path === 'string' && d.data.kind === 'file');
        return { missingFiles, fixes: quickFixes(analysis, nav, relevant) };
      }
      case 'diagnostics':
        return this.diagnosticsOf(doc);
      case 'graphView': {
        const view = graphView(analysis, nav, r.diagnostics, r.inspected);
        return r.editor ? this.graphViews.answer(uri, r.editor.key, r.editor.base, view) : { ...view, id: 0 };
      }
      case 'graphEdit':
        return graphEdit(analysis, nav, r.edit);
    }
  }
}
