// "AnsFlow: Show Audit Log": the audit records newest first in a quick pick that filters as you type
// (action, target, result, time, user, run id and detail all match); a title button opens the file.
import * as vscode from 'vscode';
import { auditListItem, readAuditFile } from '../../core/observability/audit/index.js';
import { auditFile } from './auditTrail.js';

/** Shows the audit log; resolves with the number of records listed (for automation). */
export async function showAuditLog(filterText?: string): Promise<number> {
  const file = auditFile();
  const records = readAuditFile(file).reverse();
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = `AnsFlow audit log — ${records.length} record(s) · ${file}`;
  qp.placeholder = 'Filter by action, target, result, user, run id or date';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = records.length ? records.map(auditListItem) : [{ label: 'No audit records yet', description: 'changes made through AnsFlow (editor and CLI) are listed here' }];
  const openFile: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open the audit file' };
  qp.buttons = [openFile];
  if (filterText) qp.value = filterText;
  qp.onDidTriggerButton(async () => {
    qp.hide();
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
  return records.length;
}
