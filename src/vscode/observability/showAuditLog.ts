// "AnsFlow: Show Audit Log": a panel with the audit records as a table, newest first, filtered as you type
// (core's auditTable does the filtering on the records read here); its button opens the file. One panel:
// running the command again brings it forward with the new filter and the file read again.
import * as vscode from 'vscode';
import { auditTable, readAuditFile, type AuditRecord } from '../../core/observability/audit/index.js';
import { parseFromAuditWebview, type ToAuditWebview } from '../../../webview/shared/auditMessages.js';
import { AUDIT_CSS } from '../../../webview/audit/auditCss.js';
import { webviewPage } from '../webviewPage.js';
import { auditFile } from './auditTrail.js';

let open: { panel: vscode.WebviewPanel; show(filter: string): number } | undefined;

/** Shows the audit log; resolves with the number of records in the file (for automation). */
export async function showAuditLog(extensionUri: vscode.Uri, filterText?: string): Promise<number> {
  if (!open) {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('ansflow.auditLog', 'AnsFlow Audit Log', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [root] });
    panel.webview.html = webviewPage(panel.webview, { title: 'AnsFlow Audit Log', css: AUDIT_CSS, script: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'audit.js')) });
    let file = auditFile();
    let records: AuditRecord[] = [];
    let filter = '';
    const post = () => {
      const msg: ToAuditWebview = { type: 'table', file, filter, ...auditTable(records, filter) };
      void panel.webview.postMessage(msg);
    };
    const reload = () => {
      file = auditFile();
      records = readAuditFile(file);
    };
    const subs = [
      panel.webview.onDidReceiveMessage(async (raw) => {
        const msg = parseFromAuditWebview(raw);
        if (!msg) return;
        if (msg.type === 'openFile') await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
        else {
          if (msg.type === 'filter') filter = msg.text;
          post();
        }
      }),
      // Records written while the panel was in the background show when it comes back.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) return;
        reload();
        post();
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      open = undefined;
    });
    open = {
      panel,
      show: (f) => {
        filter = f;
        reload();
        post();
        return records.length;
      },
    };
  }
  open.panel.reveal();
  return open.show(filterText ?? '');
}
