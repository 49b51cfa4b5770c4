// One merged-log webview panel: owns its LogMerger, the followers adding sources to it, and the
// LogFeed that hands lines to the page. Closing the panel stops every stream.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { compileLineFilter, exportLines, followTarget, LogFeed, LogMerger, mergedLogTitle, type MergedLogClients, type MergedLogTarget } from '../../core/logs/index.js';
import { parseFromLogsWebview, type FromLogsWebview, type ToLogsWebview } from '../../../webview/shared/logMessages.js';
import { LOGS_CSS } from '../../../webview/logs/logsCss.js';
import { webviewPage } from '../webviewPage.js';

/** Lines the view keeps: the `ansflow.logs.bufferLines` setting, within sane bounds. */
export function bufferLinesSetting(): number {
  const n = vscode.workspace.getConfiguration('ansflow.logs').get<number>('bufferLines', 10_000);
  return Number.isFinite(n) ? Math.min(1_000_000, Math.max(1000, Math.floor(n))) : 10_000;
}

export class MergedLogsPanel implements vscode.Disposable {
  private readonly merger: LogMerger;
  private readonly feed: LogFeed;
  /** The view's title (the target), as in its tab after `Logs: `. */
  readonly title: string;
  private readonly disposables: vscode.Disposable[] = [];
  private follow: { dispose(): void } | undefined;
  private disposed = false;
  private sentStats = { dropped: 0, paused: 0 };
  /** Called once when the panel closes (its owner drops it and the clients it made). */
  onDidClose: (() => void) | undefined;

  static open(extensionUri: vscode.Uri, target: MergedLogTarget, clients: MergedLogClients, log: vscode.LogOutputChannel): MergedLogsPanel {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('ansflow.mergedLogs', `Logs: ${mergedLogTitle(target)}`, vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [root] });
    panel.webview.html = webviewPage(panel.webview, { title: 'AnsFlow Merged Logs', css: LOGS_CSS, script: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'logs.js')) });
    return new MergedLogsPanel(panel, target, clients, log);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly target: MergedLogTarget,
    private readonly clients: MergedLogClients,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.title = mergedLogTitle(target);
    this.merger = new LogMerger({ bufferLines: bufferLinesSetting() });
    this.feed = new LogFeed(this.merger, (lines, missed) => this.post({ type: 'lines', lines, missed }));
    const sourcesSub = this.merger.onDidChangeSources(() => this.postSources());
    // Sent when they change: an unchanged message would still redraw the page every second.
    const stats = setInterval(() => {
      const { dropped, paused } = this.merger.stats();
      if (dropped === this.sentStats.dropped && paused === this.sentStats.paused) return;
      this.sentStats = { dropped, paused };
      this.post({ type: 'stats', dropped, paused });
    }, 1000);
    this.disposables.push({ dispose: () => sourcesSub.dispose() }, { dispose: () => clearInterval(stats) });
    this.disposables.push(panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw)));
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const follow = await followTarget(this.merger, this.target, this.clients);
      if (this.disposed) follow.dispose();
      else this.follow = follow;
    } catch (e) {
      this.log.error(`merged logs of ${this.title}`, e);
      this.post({ type: 'notice', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg: FromLogsWebview | undefined = parseFromLogsWebview(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'init', title: this.title, bufferLines: this.merger.ring.capacity });
        this.postSources();
        // A (re)loaded page starts from zero counters.
        this.sentStats = { dropped: 0, paused: 0 };
        this.feed.restart();
        break;
      case 'ack':
        this.feed.ack(msg.seq);
        break;
      case 'export':
        await this.export(msg.filter);
        break;
    }
  }

  private async export(filter: Extract<FromLogsWebview, { type: 'export' }>['filter']): Promise<void> {
    const f = compileLineFilter({ ...filter, levelledOnly: true });
    if (!f.ok) return void this.post({ type: 'notice', message: f.error.message });
    const uri = await vscode.window.showSaveDialog({ title: 'Export merged logs', defaultUri: vscode.Uri.file(`${this.title.replace(/[^\w.-]+/g, '-')}.log`), filters: { Logs: ['log', 'txt'] } });
    if (!uri) return;
    const text = exportLines(this.merger.ring.all(), this.merger.sources(), f.value);
    writeFileSync(uri.fsPath, text);
    void vscode.window.showInformationMessage(`Exported ${text ? text.split('\n').length - 1 : 0} lines to ${uri.fsPath}.`);
  }

  private postSources(): void {
    this.post({ type: 'sources', sources: this.merger.sources().map(({ id, label, state, detail }) => ({ id, label, state, ...(detail ? { detail } : {}) })) });
  }

  private post(msg: ToLogsWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.follow?.dispose();
    this.feed.dispose();
    this.merger.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDidClose?.();
  }
}
