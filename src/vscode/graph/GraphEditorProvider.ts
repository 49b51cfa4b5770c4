// "AnsFlow Graph": a custom text editor over a pipeline file. The text document stays the only source of
// truth: the graph is recomputed from it on every change, and every graph edit is a WorkspaceEdit made
// from the core's minimal text edits (so normal undo/redo applies). Thin glue: the model, the edits and
// the status folding live in src/core/graph and src/language/graph.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { buildGraphModel, nodeAtOffset, nodeStatuses, type GraphModel } from '../../core/graph/index.js';
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { parsePipeline } from '../../core/pipeline/index.js';
import { analyzePipeline, stepTypes, type PipelineAnalysis, type SchemaNavigator, type TextEdit } from '../../language/index.js';
import { addNeed, addStep, deleteStep, duplicateStep, removeNeed, renameStep, type GraphEditResult } from '../../language/graph/index.js';
import { parseFromGraphWebview, type FromGraphWebview, type ToGraphWebview } from '../../../webview/shared/graphMessages.js';
import type { RunService } from '../run/RunService.js';

export const GRAPH_VIEW_TYPE = 'ansflow.graph';

const SEVERITY: Record<number, Diagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** The graph editor for one document; lives as long as its panel. */
class GraphSession implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private lastGood: GraphModel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private runId: string | undefined;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly nav: SchemaNavigator,
    private readonly runs: RunService | undefined,
  ) {
    this.subs.push(
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === document && this.schedule()),
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === document.uri.toString()) && this.schedule()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor.document === document && this.highlight(e.textEditor)),
    );
    if (runs) this.subs.push(runs.onDidRunEvent(({ runId }) => this.onRun(runId)));
  }

  private post(message: ToGraphWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private analysis(): PipelineAnalysis {
    return analyzePipeline(parsePipeline, this.document.getText(), { file: this.document.uri.scheme === 'file' ? this.document.uri.fsPath : undefined });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.sendGraph(), 60);
  }

  /** Recomputes the graph; when the text does not parse, re-sends the last good one with the error. */
  sendGraph(): void {
    const a = this.analysis();
    const syntax = a.parsed.diagnostics.find((d) => d.code === 'yaml-syntax' || d.code === 'multi-document');
    if (syntax) {
      const line = this.document.positionAt(syntax.range.start).line + 1;
      this.post({ type: 'graph', graph: this.lastGood ?? buildGraphModel(a.parsed), version: this.document.version, error: `line ${line}: ${syntax.message}` });
      return;
    }
    const diags: Diagnostic[] = vscode.languages.getDiagnostics(this.document.uri).map((d) => ({
      severity: SEVERITY[d.severity] ?? 'info',
      code: 'schema',
      message: d.message,
      range: { start: this.document.offsetAt(d.range.start), end: this.document.offsetAt(d.range.end) },
    }));
    this.lastGood = buildGraphModel(a.parsed, diags.length ? diags : a.parsed.diagnostics);
    this.post({ type: 'graph', graph: this.lastGood, version: this.document.version });
  }

  private highlight(editor: vscode.TextEditor): void {
    if (!this.lastGood) return;
    const node = nodeAtOffset(this.lastGood, this.document.offsetAt(editor.selection.active));
    this.post({ type: 'highlight', ...(node ? { id: node.id } : {}) });
  }

  private onRun(runId: string): void {
    const run = this.runs?.get(runId);
    if (!run || run.uri.toString() !== this.document.uri.toString()) return;
    this.runId = runId;
    this.post({ type: 'status', statuses: nodeStatuses(run.model.steps.values()), runId });
  }

  /** The newest live run of this file in this window, if any, so a reopened editor shows it. */
  sendLatestRun(): void {
    const run = this.runs?.active().find((r) => r.uri.toString() === this.document.uri.toString());
    if (run) this.onRun(run.model.runId);
  }

  private async apply(result: GraphEditResult, what: string): Promise<void> {
    if ('error' in result) {
      this.post({ type: 'notice', message: result.error });
      return;
    }
    if (!result.edits.length) return;
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits as TextEdit[]) {
      edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(e.range.start), this.document.positionAt(e.range.end)), e.newText);
    }
    const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
    if (!ok) this.post({ type: 'notice', message: `Could not ${what}: the document changed or is read-only.` });
  }

  private async reveal(id: string): Promise<void> {
    const step = this.analysis().stepById.get(id);
    if (!step) return;
    const range = new vscode.Range(this.document.positionAt(step.idRange.start), this.document.positionAt(step.idRange.end));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    if (visible) {
      visible.selection = new vscode.Selection(range.start, range.end);
      visible.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    await vscode.window.showTextDocument(this.document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, selection: range });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg: FromGraphWebview | undefined = parseFromGraphWebview(raw);
    if (!msg || this.disposed) return;
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'palette', entries: stepTypes(this.nav, 'steps') });
        this.sendGraph();
        this.sendLatestRun();
        break;
      case 'select':
        await this.reveal(msg.id);
        break;
      case 'addStep':
        await this.apply(addStep(this.analysis(), this.nav, msg.stepType, msg.needs ? { needs: msg.needs } : {}), 'add the step');
        break;
      case 'addNeed':
        await this.apply(addNeed(this.analysis(), msg.from, msg.to), 'add the need');
        break;
      case 'removeNeed':
        await this.apply(removeNeed(this.analysis(), msg.from, msg.to), 'remove the need');
        break;
      case 'duplicateStep':
        await this.apply(duplicateStep(this.analysis(), msg.id), 'duplicate the step');
        break;
      case 'deleteStep': {
        const sure = await vscode.window.showWarningMessage(`Delete step '${msg.id}' and remove it from every needs list?`, { modal: true }, 'Delete');
        if (sure === 'Delete') await this.apply(deleteStep(this.analysis(), msg.id), 'delete the step');
        break;
      }
      case 'renameStep': {
        const a = this.analysis();
        const name = await vscode.window.showInputBox({
          title: `Rename step '${msg.id}'`,
          value: msg.id,
          validateInput: (v) => {
            const r = renameStep(a, msg.id, v);
            return 'error' in r ? r.error : undefined;
          },
        });
        if (name !== undefined) await this.apply(renameStep(this.analysis(), msg.id, name), 'rename the step');
        break;
      }
      case 'openLog': {
        const run = this.runId ? this.runs?.get(this.runId) : undefined;
        const key = run ? [...run.model.steps.values()].find((s) => s.stepId === msg.id)?.key : undefined;
        if (this.runId && key) await vscode.commands.executeCommand('ansflow.showRunLog', this.runId, key);
        else this.post({ type: 'notice', message: `No run of this pipeline in this window has a log for '${msg.id}' yet.` });
        break;
      }
      case 'runStep':
        await vscode.commands.executeCommand('ansflow.runStep', this.document.uri, msg.id);
        break;
      case 'runFrom':
        await vscode.commands.executeCommand('ansflow.runFromStep', this.document.uri, msg.id);
        break;
      default: {
        const never: never = msg;
        void never;
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}

/** Registers with `vscode.window.registerCustomEditorProvider(GRAPH_VIEW_TYPE, …)`. */
export class GraphEditorProvider implements vscode.CustomTextEditorProvider {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly nav: SchemaNavigator,
    private readonly runs: RunService | undefined,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = graphHtml(panel.webview, root);
    const session = new GraphSession(document, panel, this.nav, this.runs);
    panel.onDidDispose(() => session.dispose());
  }
}

/** The webview page: scripts only with the nonce, the layout worker only from a blob: of our own bundle. */
export function graphHtml(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js'));
  const worker = webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph-layout.js'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `connect-src ${webview.cspSource}`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>AnsFlow Graph</title>
<style nonce="${nonce}">${GRAPH_CSS}</style>
</head>
<body>
<div id="root" data-worker="${worker}"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** Theme colours only through VS Code's CSS variables (light, dark and both high-contrast themes). */
export const GRAPH_CSS = `
html, body { height: 100%; margin: 0; padding: 0; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
#root, .app { height: 100%; display: flex; flex-direction: column; }
.main { flex: 1; display: flex; min-height: 0; }
.palette { width: 180px; overflow: auto; border-right: 1px solid var(--vscode-panel-border); padding: 0 8px; }
.palette h2 { font-size: 1em; font-weight: 600; margin: 10px 0 6px; }
.palette ul { list-style: none; margin: 0; padding: 0; }
.pal { width: 100%; text-align: left; margin: 1px 0; padding: 3px 6px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 3px; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); cursor: grab; font: inherit; }
.pal:hover { background: var(--vscode-button-secondaryHoverBackground); }
.pal:disabled { opacity: 0.5; cursor: default; }
.hint { font-size: 0.9em; }
.canvas-wrap { flex: 1; display: flex; flex-direction: column; position: relative; min-width: 0; }
.toolbar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
.toolbar button, .menu button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
.toolbar button:hover { background: var(--vscode-button-hoverBackground); }
.canvas { flex: 1; width: 100%; min-height: 0; outline: none; touch-action: none; }
.canvas:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.muted { color: var(--vscode-descriptionForeground); }
.banner { padding: 4px 10px; border-bottom: 1px solid var(--vscode-panel-border); }
.banner.error { background: var(--vscode-inputValidation-errorBackground); border-color: var(--vscode-inputValidation-errorBorder); }
.banner.notice { background: var(--vscode-inputValidation-warningBackground); border-color: var(--vscode-inputValidation-warningBorder); }
.link { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit; }
.edge { fill: none; stroke: var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); stroke-width: 1.5; cursor: pointer; }
.edge.upstream { stroke: var(--vscode-charts-blue); stroke-width: 2; }
.edge.cycle { stroke: var(--vscode-errorForeground); stroke-dasharray: 4 3; }
.edge.selected { stroke: var(--vscode-focusBorder); stroke-width: 3; }
.edge.dragging { stroke: var(--vscode-focusBorder); stroke-dasharray: 5 4; pointer-events: none; }
.arrowhead { fill: var(--vscode-descriptionForeground); }
.node { cursor: pointer; outline: none; }
.node .box { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-contrastBorder, var(--vscode-panel-border)); stroke-width: 1; }
.node .stripe { fill: var(--vscode-descriptionForeground); }
.node.finally .box { stroke-dasharray: 5 3; }
.node.upstream .box { stroke: var(--vscode-charts-blue); }
.node.highlight .box { stroke: var(--vscode-editorCursor-foreground, var(--vscode-focusBorder)); stroke-width: 2; }
.node.selected .box, .node:focus-visible .box { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
.node .name { fill: var(--vscode-foreground); font-weight: 600; }
.node .type { fill: var(--vscode-descriptionForeground); font-size: 0.9em; }
.node .port { fill: var(--vscode-button-background); stroke: var(--vscode-editor-background); cursor: crosshair; }
.node .matrix rect { fill: var(--vscode-badge-background); }
.node .matrix text { fill: var(--vscode-badge-foreground); font-size: 10px; text-anchor: middle; }
.badge text { font-size: 10px; text-anchor: middle; fill: var(--vscode-editor-background); font-weight: 700; }
.badge.err circle { fill: var(--vscode-errorForeground); }
.badge.warn circle { fill: var(--vscode-editorWarning-foreground); }
.st-queued .stripe { fill: var(--vscode-descriptionForeground); }
.st-running .stripe { fill: var(--vscode-charts-blue); }
.st-running .box { stroke: var(--vscode-charts-blue); }
.st-succeeded .stripe { fill: var(--vscode-testing-iconPassed); }
.st-failed .stripe { fill: var(--vscode-testing-iconFailed); }
.st-failed .box { stroke: var(--vscode-testing-iconFailed); }
.st-skipped .stripe { fill: var(--vscode-disabledForeground); }
.st-skipped { opacity: 0.7; }
.st-waiting .stripe { fill: var(--vscode-editorWarning-foreground); }
.st-cancelled .stripe { fill: var(--vscode-disabledForeground); }
.menu { position: fixed; display: flex; flex-direction: column; z-index: 10; background: var(--vscode-menu-background); border: 1px solid var(--vscode-menu-border, var(--vscode-panel-border)); padding: 4px; gap: 2px; }
.menu button { text-align: left; background: transparent; color: var(--vscode-menu-foreground); border: none; }
.menu button:hover, .menu button:focus { background: var(--vscode-menu-selectionBackground); color: var(--vscode-menu-selectionForeground); }
`;
