// Open, Reveal in OS and Save As for a kept artifact in the Runs view. The node comes from a
// command argument, so its run id and key go back through the run store, which only answers for a
// listed run and a key inside that run's folder.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { RunService } from './RunService.js';

interface ArtifactArg {
  runId: string;
  artifact: { path: string; stored: string };
  uri?: vscode.Uri;
}

function isArtifactArg(arg: unknown): arg is ArtifactArg {
  const a = arg as Partial<ArtifactArg> | undefined;
  return !!a && typeof a.runId === 'string' && typeof a.artifact?.stored === 'string' && typeof a.artifact.path === 'string';
}

/** The kept file behind a tree node, or undefined after telling the person why not. */
function artifactFile(service: RunService, arg: unknown): vscode.Uri | undefined {
  const path = isArtifactArg(arg) ? service.history(arg.uri instanceof vscode.Uri ? arg.uri : undefined).artifactPath(arg.runId, arg.artifact.stored) : undefined;
  if (!path) void vscode.window.showWarningMessage('AnsFlow: this artifact is no longer kept (its run may have been deleted).');
  return path ? vscode.Uri.file(path) : undefined;
}

/** Registers the three artifact commands. */
export function registerArtifactCommands(ctx: AnsflowContext, service: RunService): void {
  ctx.registerCommand('openArtifact', async (arg?: unknown) => {
    const file = artifactFile(service, arg);
    if (file) await vscode.commands.executeCommand('vscode.open', file);
  });
  ctx.registerCommand('revealArtifact', async (arg?: unknown) => {
    const file = artifactFile(service, arg);
    if (file) await vscode.commands.executeCommand('revealFileInOS', file);
  });
  ctx.registerCommand('saveArtifactAs', async (arg?: unknown) => {
    const file = artifactFile(service, arg);
    if (!file || !isArtifactArg(arg)) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = basename(arg.artifact.path) || 'artifact';
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, title: `Save artifact ${arg.artifact.path}` });
    if (target) await vscode.workspace.fs.copy(file, target, { overwrite: true });
  });
}
