// A graph edit computed from the text as it is now, and computed again when VS Code refuses it because the
// document moved on meanwhile. VS Code checks every text edit of a WorkspaceEdit against the version this
// extension host last saw; an edit sent while a keystroke, an undo or another extension's edit is still on
// its way here is refused ("has changed in the meantime", microsoft/vscode#149016). A graph edit names
// steps and keys, not offsets, so computing it again on the newer text gives the edit the user meant.
import type * as vscode from 'vscode';
import type { TextEdit } from '../../language/index.js';
import type { GraphEditRequest, GraphEditResult } from '../../language/graph/index.js';

/**
 * Graph edits worked out where the language worker keeps its analysis. Undefined when it cannot answer for
 * that version (the document moved on, or the worker does not hold it).
 */
export interface GraphEditSource {
  edit(document: vscode.TextDocument, version: number, request: GraphEditRequest): Promise<GraphEditResult | undefined>;
}

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

/** Answers outrun by the document (another edit landed while one was worked out) before giving up. */
export const GRAPH_EDIT_OUTRUNS = 10;

/**
 * Works out the edit for the version this host has (`compute`, possibly in the language worker) and applies
 * it. An answer that comes after the document moved on (or none: the worker was at another version) is
 * worked out again on the newer text, as is an edit VS Code refused. `undefined` when applied or nothing
 * to do, else the one-line reason for the webview's notice.
 */
export async function applyGraphEdit(target: GraphEditTarget, compute: (version: number) => GraphEditResult | undefined | Promise<GraphEditResult | undefined>, what: string): Promise<string | undefined> {
  let refused = 0;
  let outrun = 0;
  for (;;) {
    const version = target.version();
    const result = await compute(version);
    // Offsets of an older text would land in the wrong place, and its error may be gone from the newer one.
    if (result && target.version() === version) {
      if ('error' in result) return result.error;
      if (!result.edits.length) return undefined;
      if (await target.applyEdit(result.edits)) return undefined;
      refused++;
    } else outrun++;
    // A formatter or a shared session editing on and on must not make a refusal of its own out of each of its edits.
    if (!target.alive() || refused === GRAPH_EDIT_TRIES || outrun === GRAPH_EDIT_OUTRUNS) return `Could not ${what}: the document changed or is read-only.`;
    await target.nextChange(version);
  }
}
