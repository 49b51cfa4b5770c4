// Registers the AnsFlow Graph custom editor and its two commands ("Open Graph", "Open Graph to the Side").
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaNavigator, type SchemaNode } from '../../language/index.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { RunService } from '../run/RunService.js';
import { GRAPH_VIEW_TYPE, GraphEditorProvider } from './GraphEditorProvider.js';
import type { AnalysisSource } from './GraphSession.js';
import type { GraphViewSource } from './PageGraph.js';
import type { GraphEditSource } from './applyGraphEdit.js';
import type { LanguageWorkerClient } from '../../language/worker/LanguageWorkerClient.js';

/** The pipeline file a command was invoked on: the argument, else the active editor's document. */
function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

/** Graph views and edits from the language worker (or its in-thread fallback), which holds every open pipeline document. */
export function graphWorker(client: LanguageWorkerClient): GraphViewSource & GraphEditSource {
  // A refusal from the service (a bug there) leaves the work to this thread, which then says what failed.
  return {
    view: (document, version, request) => client.request(document.uri.toString(), version, { method: 'graphView', ...request }).catch(() => undefined),
    edit: (document, version, edit) => client.request(document.uri.toString(), version, { method: 'graphEdit', edit }).catch(() => undefined),
  };
}

export function registerGraphEditor(ctx: AnsflowContext, runs: RunService | undefined, analyses?: AnalysisSource, worker?: GraphViewSource & GraphEditSource): void {
  const schema = JSON.parse(readFileSync(join(ctx.extension.extensionPath, 'schemas', 'pipeline.schema.json'), 'utf8')) as SchemaNode;
  const provider = new GraphEditorProvider(ctx.extension.extensionUri, new SchemaNavigator(schema), runs, analyses, worker);
  ctx.register(vscode.window.registerCustomEditorProvider(GRAPH_VIEW_TYPE, provider, { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true }));
  const open = (column: vscode.ViewColumn) => async (arg?: unknown) => {
    const uri = targetUri(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('AnsFlow: open a pipeline file first.');
      return;
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, GRAPH_VIEW_TYPE, column);
  };
  ctx.registerCommand('openGraph', open(vscode.ViewColumn.Active));
  ctx.registerCommand('openGraphToSide', open(vscode.ViewColumn.Beside));
  ctx.registerCommand('graphAutomation', (uri?: unknown, message?: unknown) => (uri instanceof vscode.Uri ? provider.automate(uri, message) : undefined));
}
