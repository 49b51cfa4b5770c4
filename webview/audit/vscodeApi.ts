// The page's handle on VS Code: the posting side of the audit protocol. acquireVsCodeApi may be called once.
import type { FromAuditWebview } from '../shared/auditMessages.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

export function send(msg: FromAuditWebview): void {
  vscode.postMessage(msg);
}
