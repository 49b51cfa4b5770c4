// Thin adapters for completion, hover, definition, references, rename and document links: each asks the
// language worker about the document's current version and maps the offsets it answers with.
import * as vscode from 'vscode';
import type { CompletionKind } from '../../language/index.js';
import type { LanguageWorkerClient } from '../../language/worker/LanguageWorkerClient.js';
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

/** Completion from the live text, names from the latest analysis (the worker never parses for it when it has one). */
export class PipelineCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly client: LanguageWorkerClient) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionItem[]> {
    const entries = await this.client.request(document.uri.toString(), document.version, { method: 'complete', offset: document.offsetAt(position) });
    if (!entries || token.isCancellationRequested) return [];
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

/** Hover, definition, references, rename and links, answered by the worker. */
export class PipelineNavigationProvider
  implements vscode.HoverProvider, vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.RenameProvider, vscode.DocumentLinkProvider
{
  constructor(private readonly client: LanguageWorkerClient) {}

  private ask<R extends Parameters<LanguageWorkerClient['request']>[2]>(document: vscode.TextDocument, request: R) {
    return this.client.request(document.uri.toString(), document.version, request);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const h = await this.ask(document, { method: 'hover', offset: document.offsetAt(position) });
    return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(document, h.range)) : undefined;
  }

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const def = await this.ask(document, { method: 'definition', offset: document.offsetAt(position) });
    if (!def) return undefined;
    if ('file' in def) return new vscode.Location(vscode.Uri.file(def.file), new vscode.Range(def.start.line, def.start.character, def.end.line, def.end.character));
    return new vscode.Location(document.uri, toRange(document, def.range));
  }

  async provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): Promise<vscode.Location[]> {
    const ranges = await this.ask(document, { method: 'references', offset: document.offsetAt(position), includeDeclaration: context.includeDeclaration });
    return (ranges ?? []).map((r) => new vscode.Location(document.uri, toRange(document, r)));
  }

  async prepareRename(document: vscode.TextDocument, position: vscode.Position): Promise<{ range: vscode.Range; placeholder: string }> {
    const version = document.version;
    const r = await this.ask(document, { method: 'prepareRename', offset: document.offsetAt(position) });
    // No answer also means the question was dropped: the text changed meanwhile.
    if (!r && document.version !== version) throw new Error('The pipeline changed while AnsFlow was checking the name; try the rename again.');
    if (!r) throw new Error('Only step ids, template names and params can be renamed.');
    return { range: toRange(document, r.range), placeholder: r.placeholder };
  }

  async provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit | undefined> {
    // A refused rename rejects with a readable message; VS Code shows it in the rename box.
    const edits = await this.ask(document, { method: 'rename', offset: document.offsetAt(position), newName });
    return edits ? toWorkspaceEdit(document, edits) : undefined;
  }

  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const links = await this.ask(document, { method: 'links' });
    return (links ?? []).map((l) => {
      const link = new vscode.DocumentLink(toRange(document, l.range), vscode.Uri.file(l.target));
      link.tooltip = `Open ${l.key}`;
      return link;
    });
  }
}
