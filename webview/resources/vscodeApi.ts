// The page's handle on VS Code: the posting side of the Resources protocol. acquireVsCodeApi may be called once.
import type { FromResourcesWebview } from '../shared/resourceMessages.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

export function send(msg: FromResourcesWebview): void {
  vscode.postMessage(msg);
}
