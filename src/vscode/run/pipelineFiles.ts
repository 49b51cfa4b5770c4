// Finding and reading pipeline files in the workspace: open editors win over disk, so a run uses
// what the person sees.
import * as vscode from 'vscode';
import { readPipelineFile } from '../../core/pipeline/index.js';

/** Glob of pipeline files, as the language contribution declares them. */
export const PIPELINE_GLOB = '{**/*.ansflow.yaml,**/*.ansflow.yml,**/.ansflow/*.yaml,**/.ansflow/*.yml}';

/** True for a path the language contribution treats as a pipeline. */
export function isPipelinePath(path: string): boolean {
  return /\.ansflow\.ya?ml$/.test(path) || /[\\/]\.ansflow[\\/](?!runs[\\/])[^\\/]+\.ya?ml$/.test(path);
}

/** Pipeline files in the workspace, sorted by path (the run store folder is skipped). */
export async function findPipelineFiles(): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(PIPELINE_GLOB, '{**/node_modules/**,**/.ansflow/runs/**}', 2000);
  return uris.filter((u) => isPipelinePath(u.fsPath)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
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
