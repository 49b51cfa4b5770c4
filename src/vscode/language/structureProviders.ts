// Thin adapters for outline, folding, selection ranges, code lenses, quick fixes and formatting.
import * as vscode from 'vscode';
import {
  codeLenses,
  documentSymbols,
  foldingRanges,
  formatPipeline,
  pipelineDiagnostics,
  quickFixes,
  selectionRanges,
  type OutlineKind,
  type OutlineSymbol,
  type PipelineAnalysis,
  type SchemaNavigator,
  type WorkspaceIndex,
} from '../../language/index.js';
import type { Diagnostic as CoreDiagnostic } from '../../core/contracts/diagnostics.js';
import type { AnalysisCache } from './AnalysisCache.js';
import { toRange, toWorkspaceEdit } from './convert.js';

const SYMBOL_KIND: Record<OutlineKind, vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  step: vscode.SymbolKind.Function,
  param: vscode.SymbolKind.Variable,
  template: vscode.SymbolKind.Class,
  secret: vscode.SymbolKind.Key,
  property: vscode.SymbolKind.Property,
};

/** Outline, folding, selection ranges, lenses, quick fixes and formatting for pipeline documents. */
export class PipelineStructureProvider
  implements
    vscode.DocumentSymbolProvider,
    vscode.FoldingRangeProvider,
    vscode.SelectionRangeProvider,
    vscode.CodeLensProvider,
    vscode.CodeActionProvider,
    vscode.DocumentFormattingEditProvider
{
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  private readonly diagnosticsByAnalysis = new WeakMap<PipelineAnalysis, CoreDiagnostic[]>();
  /** Fires when lenses should be recomputed (e.g. a run finished and statuses changed). */
  readonly onDidChangeCodeLenses = this.lensEmitter.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly nav: SchemaNavigator,
    private readonly workspace: WorkspaceIndex,
  ) {}

  /** Asks VS Code to refresh the lenses. */
  refreshLenses(): void {
    this.lensEmitter.fire();
  }

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const convert = (s: OutlineSymbol): vscode.DocumentSymbol => {
      const range = toRange(document, s.range);
      let selection = toRange(document, s.selection);
      if (!range.contains(selection)) selection = range;
      const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', SYMBOL_KIND[s.kind], range, selection);
      out.children = s.children.map(convert);
      return out;
    };
    return documentSymbols(this.cache.get(document)).map(convert);
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return foldingRanges(this.cache.get(document)).map(
      (r) => new vscode.FoldingRange(r.startLine, r.endLine, r.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined),
    );
  }

  provideSelectionRanges(document: vscode.TextDocument, positions: readonly vscode.Position[]): vscode.SelectionRange[] {
    const analysis = this.cache.get(document);
    return positions.map((p) => {
      const ranges = selectionRanges(analysis, document.offsetAt(p));
      let parent: vscode.SelectionRange | undefined;
      for (const r of [...ranges].reverse()) parent = new vscode.SelectionRange(toRange(document, r), parent);
      return parent ?? new vscode.SelectionRange(new vscode.Range(p, p));
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return codeLenses(this.cache.get(document), this.workspace).map(
      (l) => new vscode.CodeLens(toRange(document, l.range), { title: l.title, command: l.command, arguments: [document.uri, ...l.args], tooltip: l.tooltip }),
    );
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const analysis = this.cache.get(document);
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    // Fix what the core reported for this version; the editor's diagnostics may lag by a debounce.
    // Cached per analysis: VS Code asks for code actions on every cursor move.
    let all = this.diagnosticsByAnalysis.get(analysis);
    if (!all) this.diagnosticsByAnalysis.set(analysis, (all = pipelineDiagnostics(analysis, this.workspace)));
    const relevant = all.filter((d) => d.range.start <= end && d.range.end >= start);
    const createFile = relevant
      .filter((d) => d.code === 'file-not-found' && typeof d.data?.path === 'string' && d.data.kind === 'file')
      .map((d) => {
        const target = vscode.Uri.file(String(d.data!.path));
        const action = new vscode.CodeAction(`Create '${vscode.workspace.asRelativePath(target)}'`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.createFile(target, { ignoreIfExists: true });
        return action;
      });
    return [...createFile, ...quickFixes(analysis, this.nav, relevant).map((f) => {
      const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document, f.edits);
      action.isPreferred = f.preferred;
      const match = context.diagnostics.find((d) => d.code === f.diagnostic.code && d.range.isEqual(toRange(document, f.diagnostic.range)));
      if (match) action.diagnostics = [match];
      return action;
    })];
  }

  provideDocumentFormattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): vscode.TextEdit[] {
    return formatPipeline(document.getText(), { tabSize: options.tabSize }).map((e) => vscode.TextEdit.replace(toRange(document, e.range), e.newText));
  }

  dispose(): void {
    this.lensEmitter.dispose();
  }
}
