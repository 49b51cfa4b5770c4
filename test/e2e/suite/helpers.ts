// Helpers shared by the host-side e2e tests (run inside the real extension host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The extension's id as `publisher.name` from package.json. */
export const EXTENSION_ID = 'ansflow.ansflow-vscode';

/** Returns the AnsFlow extension; fails the test when VS Code does not know it. */
export function getExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** The first workspace folder (the e2e runners open a temp copy of examples/ plus fixtures). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e run opens a workspace folder');
  return folder.uri;
}

/** Opens a workspace-relative file in an editor and returns its document. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), relativePath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000, detail?: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `; ${JSON.stringify(await detail())}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
