// Thin adapters for outline, folding, selection ranges, code lenses and quick fixes (answered by the
// language worker) and formatting (from the text alone, here).
import * as vscode from 'vscode';
import { formatPipeline, isLensCommand, type OutlineKind, type OutlineSymbol } from '../../language/index.js';
import type { LanguageRequest } from '../../language/worker/protocol.js';
import type { LanguageWorkerClient } from '../../language/worker/LanguageWorkerClient.js';
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
  /** Fires when lenses should be recomputed (e.g. a run finished and statuses changed). */
  readonly onDidChangeCodeLenses = this.lensEmitter.event;

  constructor(private readonly client: LanguageWorkerClient) {}

  private ask<R extends LanguageRequest>(document: vscode.TextDocument, request: R) {
    return this.client.request(document.uri.toString(), document.version, request);
  }

  /** Asks VS Code to refresh the lenses. */
  refreshLenses(): void {
    this.lensEmitter.fire();
  }

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const convert = (s: OutlineSymbol): vscode.DocumentSymbol => {
      const range = toRange(document, s.range);
      let selection = toRange(document, s.selection);
      if (!range.contains(selection)) selection = range;
      const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', SYMBOL_KIND[s.kind], range, selection);
      out.children = s.children.map(convert);
      return out;
    };
    return ((await this.ask(document, { method: 'symbols' })) ?? []).map(convert);
  }

  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    return ((await this.ask(document, { method: 'folding' })) ?? []).map(
      (r) => new vscode.FoldingRange(r.startLine, r.endLine, r.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined),
    );
  }

  async provideSelectionRanges(document: vscode.TextDocument, positions: readonly vscode.Position[]): Promise<vscode.SelectionRange[]> {
    const all = await this.ask(document, { method: 'selection', offsets: positions.map((p) => document.offsetAt(p)) });
    return positions.map((p, i) => {
      const ranges = all?.[i] ?? [];
      let parent: vscode.SelectionRange | undefined;
      for (const r of [...ranges].reverse()) parent = new vscode.SelectionRange(toRange(document, r), parent);
      return parent ?? new vscode.SelectionRange(new vscode.Range(p, p));
    });
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    return ((await this.ask(document, { method: 'lenses' })) ?? []).filter((l) => isLensCommand(l.command)).map(
      (l) => new vscode.CodeLens(toRange(document, l.range), { title: l.title, command: l.command, arguments: [document.uri, ...l.args], tooltip: l.tooltip }),
    );
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    // Fixes for what the core reported for this version (the worker keeps its diagnostics per version;
    // VS Code asks on every cursor move); the editor's squiggles may lag behind.
    const answer = await this.ask(document, { method: 'codeActions', start: document.offsetAt(range.start), end: document.offsetAt(range.end) });
    if (!answer) return [];
    const createFile = answer.missingFiles
      .map((d) => {
        const target = vscode.Uri.file(String(d.data!.path));
        const action = new vscode.CodeAction(`Create '${vscode.workspace.asRelativePath(target)}'`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.createFile(target, { ignoreIfExists: true });
        return action;
      });
    return [...createFile, ...answer.fixes.map((f) => {
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
