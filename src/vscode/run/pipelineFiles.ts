// Finding and reading pipeline files in the workspace: open editors win over disk, so a run uses
// what the person sees.
import * as vscode from 'vscode';
import { isPipelineFile, PIPELINE_GLOB, PIPELINE_SEARCH_EXCLUDE_GLOB, readPipelineFile } from '../../core/pipeline/index.js';

// The patterns live in core (one definition with the CLI and the manifest); re-exported for the editor.
export { PIPELINE_GLOB, isPipelineFile as isPipelinePath };

/** Pipeline files in the workspace, sorted by path (the run store folder is skipped). */
export async function findPipelineFiles(): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(PIPELINE_GLOB, PIPELINE_SEARCH_EXCLUDE_GLOB, 2000);
  return uris.filter((u) => isPipelineFile(u.fsPath)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** The text of a file: the open document's (unsaved edits included), else disk. */
export function readWorkspaceText(absPath: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absPath);
  if (doc) return doc.getText();
  // Bounded like the CLI: an `include:` of a folder, a device or a huge file reads as missing.
  const read = readPipelineFile(absPath);
  return 'text' in read ? read.text : undefined;
}

/** Workspace-relative path, used as the key for remembered params and secrets. */
export function pipelineKey(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** The workspace folder holding a file (else the first folder, else the file's folder). */
export function workspaceRootOf(uri: vscode.Uri): string {
  return (vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
}
