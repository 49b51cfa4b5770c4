// The page's handles: VS Code's API (the posting side of the graph protocol and the state VS Code keeps
// across reloads: viewport, selection) and the root element. acquireVsCodeApi may be called once per page.
import type { FromGraphWebview } from '../shared/graphMessages.js';
import type { Layout } from './layout.js';

export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface Saved {
  viewport?: Viewport;
  selected?: string;
  /** The last finished ELK layout and the structure it was made for (a reloaded page shows it at once). */
  layout?: { key: string; layout: Layout };
}

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
const vscode = acquireVsCodeApi();

export function send<K extends FromGraphWebview['type']>(type: K, body: Omit<Extract<FromGraphWebview, { type: K }>, 'type'>): void {
  vscode.postMessage({ type, ...body });
}

export const saved = (vscode.getState() ?? {}) as Saved;
let current: Saved = { ...saved };

/** Merges `state` into what VS Code keeps for the page. */
export function saveState(state: Saved): void {
  current = { ...current, ...state };
  vscode.setState(current);
}

export const root = document.getElementById('root')!;
