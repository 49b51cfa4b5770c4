// One Resources webview panel: polls its target (one reading at a time, every few seconds) only while
// the panel is visible, keeps the history in its core ResourcesModel (so sparklines survive the panel
// being hidden or the page reloading), and posts the computed view. Closing the panel stops it all.
import * as vscode from 'vscode';
import { ResourcesModel, readResources, resourcesTitle, type ResourcesClients, type ResourcesTarget } from '../../core/observability/metrics/index.js';
import { abortableSleep } from '../../core/util/abortableSleep.js';
import { parseFromResourcesWebview, type ToResourcesWebview } from '../../../webview/shared/resourceMessages.js';
import { RESOURCES_CSS } from '../../../webview/resources/resourcesCss.js';
import { webviewPage } from '../webviewPage.js';

/** Time between readings while visible. */
export const RESOURCES_POLL_MS = 5000;

export class ResourcesPanel implements vscode.Disposable {
  readonly model: ResourcesModel;
  private polling: AbortController | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Readings taken so far (for automation: tests wait on this, not on time). */
  readings = 0;
  /** Called once when the panel closes. */
  onDidClose: (() => void) | undefined;

  static open(extensionUri: vscode.Uri, target: ResourcesTarget, clients: ResourcesClients): ResourcesPanel {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('ansflow.resources', `Resources: ${resourcesTitle(target)}`, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [root] });
    panel.webview.html = webviewPage(panel.webview, { title: 'AnsFlow Resources', css: RESOURCES_CSS, script: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'resources.js')) });
    return new ResourcesPanel(panel, target, clients);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    target: ResourcesTarget,
    clients: ResourcesClients,
  ) {
    this.model = new ResourcesModel(resourcesTitle(target), (signal) => readResources(target, clients, signal));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
      panel.onDidChangeViewState((e) => (e.webviewPanel.visible ? this.startPolling() : this.stopPolling())),
      panel.onDidDispose(() => this.dispose()),
    );
    if (panel.visible) this.startPolling();
  }

  /** True while readings are being taken (the panel is visible). */
  get isPolling(): boolean {
    return !!this.polling;
  }

  private startPolling(): void {
    if (this.polling || this.disposed) return;
    const abort = (this.polling = new AbortController());
    void (async () => {
      while (!abort.signal.aborted) {
        await this.model.poll(abort.signal);
        if (abort.signal.aborted) break;
        this.readings++;
        this.postView();
        await abortableSleep(RESOURCES_POLL_MS, abort.signal);
      }
    })();
  }

  private stopPolling(): void {
    this.polling?.abort();
    this.polling = undefined;
  }

  private onMessage(raw: unknown): void {
    const msg = parseFromResourcesWebview(raw);
    if (!msg) return;
    if (msg.type === 'sort') this.model.sort = { by: msg.by, dir: msg.dir };
    else if (msg.type === 'topN') this.model.topN = msg.n;
    this.postView();
  }

  private postView(): void {
    if (this.disposed) return;
    const msg: ToResourcesWebview = { type: 'view', view: this.model.view() };
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopPolling();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDidClose?.();
  }
}
