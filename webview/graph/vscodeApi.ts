// The page's handles: VS Code's API (the posting side of the graph protocol and the state VS Code keeps
// across reloads: viewport, selection) and the root element. acquireVsCodeApi may be called once per page.
import type { FromGraphWebview } from '../shared/graphMessages.js';

export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface Saved {
  viewport?: Viewport;
  selected?: string;
}

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
const vscode = acquireVsCodeApi();

export function send<K extends FromGraphWebview['type']>(type: K, body: Omit<Extract<FromGraphWebview, { type: K }>, 'type'>): void {
  vscode.postMessage({ type, ...body });
}

export const saved = (vscode.getState() ?? {}) as Saved;

export function saveState(state: Saved): void {
  vscode.setState(state);
}

export const root = document.getElementById('root')!;
