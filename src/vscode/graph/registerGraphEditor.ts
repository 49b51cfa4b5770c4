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

/** How long the graph waits for the worker before working a view or an edit out on this thread. */
const GRAPH_WORKER_WAIT_MS = 10_000;

/** The worker's answer, else undefined: on a refusal (a bug there) or no answer in time (a worker stuck), this thread does the work. */
function answerOrNone<T>(asked: Promise<T | undefined>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, GRAPH_WORKER_WAIT_MS, undefined)));
  return Promise.race([asked.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/** Graph views and edits from the language worker (or its in-thread fallback), which holds every open pipeline document. */
export function graphWorker(client: LanguageWorkerClient): GraphViewSource & GraphEditSource {
  return {
    view: (document, version, request) => answerOrNone(client.request(document.uri.toString(), version, { method: 'graphView', ...request })),
    edit: (document, version, edit) => answerOrNone(client.request(document.uri.toString(), version, { method: 'graphEdit', edit })),
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
