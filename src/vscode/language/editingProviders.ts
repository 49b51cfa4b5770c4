// Thin adapters for completion, hover, definition, references, rename and document links.
import * as vscode from 'vscode';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  complete,
  documentLinks,
  hover,
  occurrences,
  renameEdits,
  renameRange,
  symbolAt,
  type CompletionKind,
  type SchemaNavigator,
  type WorkspaceIndex,
} from '../../language/index.js';
import type { AnalysisCache } from './AnalysisCache.js';
import { toRange, toWorkspaceEdit } from './convert.js';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  enum: vscode.CompletionItemKind.EnumMember,
  step: vscode.CompletionItemKind.Class,
  snippet: vscode.CompletionItemKind.Snippet,
  reference: vscode.CompletionItemKind.Reference,
  file: vscode.CompletionItemKind.File,
  folder: vscode.CompletionItemKind.Folder,
  function: vscode.CompletionItemKind.Function,
  variable: vscode.CompletionItemKind.Variable,
  module: vscode.CompletionItemKind.Module,
};

/** Completion from the live text, names from the latest analysis. */
export class PipelineCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly nav: SchemaNavigator,
    private readonly workspace: WorkspaceIndex,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.CompletionItem[] {
    const text = document.getText();
    const entries = complete(this.cache.latest(document), this.nav, document.offsetAt(position), { text, workspace: this.workspace });
    if (token.isCancellationRequested) return [];
    return entries.map((e) => {
      const item = new vscode.CompletionItem(e.label, KIND[e.kind]);
      item.detail = e.detail;
      if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
      item.insertText = e.snippet ? new vscode.SnippetString(e.insertText ?? e.label) : e.insertText ?? e.label;
      item.range = toRange(document, e.range);
      item.sortText = e.sortText;
      item.filterText = e.filterText;
      if (e.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
      return item;
    });
  }
}

/** Hover, definition, references, rename and links over the current analysis. */
export class PipelineNavigationProvider
  implements vscode.HoverProvider, vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.RenameProvider, vscode.DocumentLinkProvider
{
  constructor(
    private readonly cache: AnalysisCache,
    private readonly nav: SchemaNavigator,
    private readonly workspace: WorkspaceIndex,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const h = hover(this.cache.get(document), this.nav, document.offsetAt(position), this.workspace);
    return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(document, h.range)) : undefined;
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const analysis = this.cache.get(document);
    const symbol = symbolAt(analysis, document.offsetAt(position));
    if (!symbol) return undefined;
    if (symbol.kind === 'template') {
      const t = analysis.templateByName.get(symbol.name);
      if (t?.file) {
        const text = this.workspace.readFile?.(t.file);
        if (text !== undefined) {
          const doc = { positionAt: (o: number) => positionIn(text, o) };
          return new vscode.Location(vscode.Uri.file(t.file), toRange(doc, t.nameRange));
        }
      }
    }
    const def = occurrences(analysis, symbol).definition;
    return def ? new vscode.Location(document.uri, toRange(document, def)) : undefined;
  }

  provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): vscode.Location[] {
    const analysis = this.cache.get(document);
    const symbol = symbolAt(analysis, document.offsetAt(position));
    if (!symbol) return [];
    const occ = occurrences(analysis, symbol);
    const ranges = [...(context.includeDeclaration && occ.definition ? [occ.definition] : []), ...occ.references];
    return ranges.map((r) => new vscode.Location(document.uri, toRange(document, r)));
  }

  prepareRename(document: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; placeholder: string } {
    const r = renameRange(this.cache.get(document), document.offsetAt(position));
    if (!r) throw new Error('Only step ids, template names and params can be renamed.');
    return { range: toRange(document, r.range), placeholder: r.placeholder };
  }

  provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): vscode.WorkspaceEdit {
    // renameEdits throws a readable message; VS Code shows it in the rename box.
    return toWorkspaceEdit(document, renameEdits(this.cache.get(document), document.offsetAt(position), newName));
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const out: vscode.DocumentLink[] = [];
    for (const l of documentLinks(this.cache.get(document))) {
      // A folder cannot be opened in an editor: link to the file that defines it (Chart.yaml, Dockerfile…).
      const target = isDirectory(l.target) ? FOLDER_ENTRY_FILES.map((f) => join(l.target, f)).find((f) => existsSync(f)) : l.target;
      if (!target) continue;
      const link = new vscode.DocumentLink(toRange(document, l.range), vscode.Uri.file(target));
      link.tooltip = `Open ${l.key}`;
      out.push(link);
    }
    return out;
  }
}

function positionIn(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Files that stand for a folder when a link points at one. */
const FOLDER_ENTRY_FILES = ['Chart.yaml', 'Dockerfile', 'Containerfile', 'kustomization.yaml', 'hosts', 'inventory.ini', 'inventory.yaml'];

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
