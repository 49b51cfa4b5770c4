// A graph edit computed from the text as it is now, and computed again when VS Code refuses it because the
// document moved on meanwhile. VS Code checks every text edit of a WorkspaceEdit against the version this
// extension host last saw; an edit sent while a keystroke, an undo or another extension's edit is still on
// its way here is refused ("has changed in the meantime", microsoft/vscode#149016). A graph edit names
// steps and keys, not offsets, so computing it again on the newer text gives the edit the user meant.
import type { TextEdit } from '../../language/index.js';
import type { GraphEditResult } from '../../language/graph/index.js';

export interface GraphEditTarget {
  /** The document's version as this host knows it. */
  version(): number;
  /** Applies the edits as one WorkspaceEdit; false when VS Code refused it. */
  applyEdit(edits: readonly TextEdit[]): Thenable<boolean>;
  /** Resolves once this host has seen a version newer than `version` (or after a bounded wait). */
  nextChange(version: number): Promise<void>;
  /** False once the editor or its document is gone. */
  alive(): boolean;
}

/** Tries that are refused before giving up: each waits for the newer version first. */
export const GRAPH_EDIT_TRIES = 3;

/** `undefined` when applied or nothing to do, else the one-line reason for the webview's notice. */
export async function applyGraphEdit(target: GraphEditTarget, compute: () => GraphEditResult, what: string): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const version = target.version();
    const result = compute();
    if ('error' in result) return result.error;
    if (!result.edits.length) return undefined;
    if (await target.applyEdit(result.edits)) return undefined;
    if (!target.alive() || attempt === GRAPH_EDIT_TRIES) return `Could not ${what}: the document changed or is read-only.`;
    await target.nextChange(version);
  }
}
