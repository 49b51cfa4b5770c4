// The page's handle on VS Code: the posting side of the logs protocol. acquireVsCodeApi may be called once.
import type { FromLogsWebview } from '../shared/logMessages.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

export function send<K extends FromLogsWebview['type']>(type: K, body: Omit<Extract<FromLogsWebview, { type: K }>, 'type'>): void {
  vscode.postMessage({ type, ...body });
}
