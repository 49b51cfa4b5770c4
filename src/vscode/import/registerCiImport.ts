// "AnsFlow: Import CI Definition…": converts the chosen (or active) CI file with the core importer,
// writes the pipeline where importTarget says (asking before overwriting) and opens it beside the
// source. Placeholder steps show in the Problems panel through the validator's placeholder-step rule.
import * as vscode from 'vscode';
import { isPipelineFile } from '../../core/pipeline/pipelineFiles.js';
import type { AnsflowContext } from '../AnsflowContext.js';

export interface CiImportResult {
  target: string;
  warnings: number;
}

async function sourceUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && /\.ya?ml$/i.test(active.fileName) && !isPipelineFile(active.fileName)) return active.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import', filters: { 'CI definitions': ['yml', 'yaml'] }, title: 'Import a GitHub Actions workflow, .gitlab-ci.yml or Taskfile' });
  return picked?.[0];
}

export function registerCiImport(ctx: AnsflowContext): void {
  // The walkthrough's "Import an existing CI file" step shows once this command exists.
  void vscode.commands.executeCommand('setContext', 'ansflow.ciImportAvailable', true);
  ctx.registerCommand('importCi', async (arg?: unknown, options?: unknown): Promise<CiImportResult | undefined> => {
    const uri = await sourceUri(arg);
    if (!uri) return undefined;
    const { importCi, emitDraft, importTarget } = await import('../../core/import/editorImport.js');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const result = importCi(uri.fsPath, text);
    if (!result.ok) {
      const first = result.errors[0];
      void vscode.window.showErrorMessage(`AnsFlow: cannot import ${vscode.workspace.asRelativePath(uri)}${first?.line ? ` (line ${first.line})` : ''}: ${first?.message ?? 'unknown error'}`);
      return undefined;
    }
    const target = vscode.Uri.file(importTarget(uri.fsPath));
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    // Automation (the e2e test) may pass { overwrite: true }; people are always asked.
    const overwrite = (options as { overwrite?: boolean } | undefined)?.overwrite === true;
    if (exists && !overwrite) {
      const choice = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists. Replace it with the imported pipeline?`, { modal: true }, 'Replace');
      if (choice !== 'Replace') return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(emitDraft(result.draft).text));
    await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const standIns = result.draft.warnings.filter((w) => w.kind === 'stand-in').length;
    const others = result.draft.warnings.length - standIns;
    void vscode.window.showInformationMessage(`AnsFlow: imported ${vscode.workspace.asRelativePath(uri)} into ${vscode.workspace.asRelativePath(target)}: ${standIns} placeholder step${standIns === 1 ? '' : 's'} to replace (Problems panel), ${others} other note${others === 1 ? '' : 's'} in its comments.`);
    return { target: target.toString(), warnings: result.draft.warnings.length };
  });
}
