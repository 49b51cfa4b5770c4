// "AnsFlow Graph": a custom text editor over a pipeline file. The text document stays the only source of
// truth: the graph is recomputed from it on every change, and every graph edit is a WorkspaceEdit made
// from the core's minimal text edits (so normal undo/redo applies). Thin glue: the model, the edits and
// the status folding live in src/core/graph and src/language/graph.
import * as vscode from 'vscode';
import { webviewPage } from '../webviewPage.js';
import type { SchemaNavigator } from '../../language/index.js';
import type { ToGraphWebview } from '../../../webview/shared/graphMessages.js';
import { GRAPH_CSS } from '../../../webview/graph/graphCss.js';
import { FORM_CSS } from '../../../webview/graph/formCss.js';
import type { RunService } from '../run/RunService.js';
import { GraphSession, type AnalysisSource } from './GraphSession.js';
import type { GraphViewSource } from './PageGraph.js';
import type { GraphEditSource } from './applyGraphEdit.js';

export const GRAPH_VIEW_TYPE = 'ansflow.graph';

/** Registers with `vscode.window.registerCustomEditorProvider(GRAPH_VIEW_TYPE, …)`. */
export class GraphEditorProvider implements vscode.CustomTextEditorProvider {
  private readonly sessions = new Map<string, GraphSession[]>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly nav: SchemaNavigator,
    private readonly runs: RunService | undefined,
    private readonly analyses?: AnalysisSource,
    private readonly worker?: GraphViewSource & GraphEditSource,
  ) {}

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    const session = new GraphSession(document, panel, this.nav, this.runs, this.analyses, this.worker);
    const key = document.uri.toString();
    this.sessions.set(key, [...(this.sessions.get(key) ?? []), session]);
    let closed = false;
    // The page is rewritten while hidden when the text changed, so showing it again paints the current graph.
    let written: { version: number } | undefined;
    let writing = 0;
    const write = async (whileHidden: boolean) => {
      const seq = ++writing;
      const message = await session.graphMessage();
      // Shown again meanwhile: the page reloaded from the HTML it had and said `ready`, which sent it the current graph.
      if (closed || seq !== writing || (whileHidden && panel.visible)) return;
      written = message;
      panel.webview.html = graphHtml(panel.webview, root, message);
    };
    const refresh = panel.onDidChangeViewState(() => {
      if (panel.visible || !written || written.version === document.version) return;
      void write(true);
    });
    panel.onDidDispose(() => {
      closed = true;
      refresh.dispose();
      session.dispose();
      const left = (this.sessions.get(key) ?? []).filter((s) => s !== session);
      if (left.length) this.sessions.set(key, left);
      else this.sessions.delete(key);
    });
    // The first graph comes from the language worker's analysis: opening a large pipeline's graph does not parse it here.
    await write(false);
  }

  /**
   * For automation and tests: sends `message` (validated like any webview message) to the graph editor
   * of `uri`, then returns what the editor last posted (graph, status, notice). Undefined when none is open.
   */
  async automate(uri: vscode.Uri, message?: unknown): Promise<Record<string, unknown> | undefined> {
    // The one on screen when the file has several (another editor group): a hidden one does not follow
    // the run store, so answering from it showed a run that the visible editor had already replaced.
    const open = this.sessions.get(uri.toString()) ?? [];
    const session = open.find((s) => s.visible) ?? open[0];
    if (!session) return undefined;
    if (message !== undefined) await session.onMessage(message);
    await session.sendGraph();
    return { ...Object.fromEntries(session.lastPosted), storeTrace: session.storeTraceNow(), fromPage: [...session.fromPage], viewsFrom: { ...session.page.viewsFrom }, editsFrom: { ...session.editsFrom } };
  }
}

/** `"` `&` `<` `>` `'` as entities, so any text is one attribute value. */
function attribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The webview page: scripts only with the nonce, the layout worker only from a blob: of our own bundle.
 * `initial` (the graph when the editor opens) rides in the page, validated there like any message, so
 * the first paint does not wait for the script's `ready` round trip.
 */
export function graphHtml(webview: vscode.Webview, root: vscode.Uri, initial?: ToGraphWebview): string {
  const worker = webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph-layout.js'));
  return webviewPage(webview, {
    title: 'AnsFlow Graph',
    css: GRAPH_CSS + FORM_CSS,
    script: webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js')),
    rootAttributes: `data-worker="${worker.toString()}"${initial ? ` data-initial="${attribute(JSON.stringify(initial))}"` : ''}`,
    extraCsp: [`connect-src ${webview.cspSource}`, 'worker-src blob:'],
  });
}
