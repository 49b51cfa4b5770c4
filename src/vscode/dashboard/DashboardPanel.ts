// Hosts the run-statistics dashboard webview: strict CSP with a nonce, one exhaustive message
// switch, nothing posted after dispose, data recomputed by the host when runs end.
import * as vscode from 'vscode';
import { webviewPage } from '../webviewPage.js';
import { parseFromWebview, post, type ToWebview } from '../../../webview/shared/messages.js';
import type { StoredRun } from '../run/engine.js';
import type { RunService } from '../run/RunService.js';
import { computeDashboard, type RunRecordLike } from './computeDashboard.js';

function toRecord(r: StoredRun): RunRecordLike {
  return { ...r, steps: r.steps.map((s) => ({ step: s.step, stepId: s.stepId, status: s.status, durationMs: s.durationMs, attempt: s.attempts, job: s.job, jobKey: s.jobKey })) };
}

/** The dashboard panel; one per window, revealed when shown again. */
export class DashboardPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private pipeline: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: RunService,
  ) {
    this.subs.push(
      service.onDidRunEvent(({ event }) => {
        if (event.type === 'run-end' || event.type === 'run-start') this.schedule();
      }),
    );
  }

  /** Opens (or reveals) the dashboard. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('ansflow.dashboard', 'AnsFlow: Runs Dashboard', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [root],
      retainContextWhenHidden: false,
    });
    this.panel = panel;
    panel.webview.html = this.html(panel.webview, root);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((raw) => {
      // Drop messages from a panel that was replaced or closed meanwhile.
      if (this.panel !== panel) return;
      const msg = parseFromWebview(raw);
      if (!msg) return;
      switch (msg.type) {
        case 'ready':
        case 'refresh':
          this.send();
          break;
        case 'filter':
          this.pipeline = msg.pipeline;
          this.send();
          break;
        case 'openRun':
          void vscode.commands.executeCommand('ansflow.showRunLog', msg.runId);
          break;
        case 'rerun':
          void vscode.commands.executeCommand('ansflow.rerun', msg.runId);
          break;
        default: {
          const never: never = msg;
          void never;
        }
      }
    });
  }

  private schedule(): void {
    if (!this.panel) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.send();
    }, 500);
  }

  /** Recomputes the statistics and posts them; never posts to a disposed panel. */
  private send(): void {
    const panel = this.panel;
    if (!panel) return;
    let message: ToWebview;
    try {
      const records: RunRecordLike[] = [];
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        const h = this.service.history(f.uri);
        for (const listed of h.list(200)) {
          const full = h.get(listed.runId);
          if (full) records.push(toRecord(full));
        }
      }
      message = { type: 'data', data: computeDashboard(records, { pipeline: this.pipeline }) };
    } catch (e) {
      message = { type: 'error', message: `Could not read run history: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (this.panel !== panel) return;
    if (message.type === 'data') post<ToWebview, 'data'>(panel.webview, 'data', { data: message.data });
    else post<ToWebview, 'error'>(panel.webview, 'error', { message: message.message });
  }

  private html(webview: vscode.Webview, root: vscode.Uri): string {
    return webviewPage(webview, { title: 'AnsFlow Runs Dashboard', css: DASHBOARD_CSS, script: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dashboard.js')) });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.panel?.dispose();
    this.panel = undefined;
  }
}

const DASHBOARD_CSS = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.3em; font-weight: 600; }
h2 { font-size: 1.05em; font-weight: 600; margin: 20px 0 6px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 8px 12px; }
.muted { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border); font-variant-numeric: tabular-nums; }
.s-success { color: var(--vscode-testing-iconPassed); }
.s-failed, .s-timed-out { color: var(--vscode-testing-iconFailed); }
.s-cancelled, .s-running { color: var(--vscode-descriptionForeground); }
svg text { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.bar-success { fill: var(--vscode-testing-iconPassed); }
.bar-failed { fill: var(--vscode-testing-iconFailed); }
.line { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 1.5; }
.dot-failed { fill: var(--vscode-testing-iconFailed); }
.dot-success { fill: var(--vscode-charts-blue); }
.axis { stroke: var(--vscode-panel-border); }
.toolbar { display: flex; gap: 8px; align-items: center; }
`;
