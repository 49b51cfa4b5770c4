// Workspace trust gate: nothing runs in an untrusted workspace, and the person is told why.
import * as vscode from 'vscode';

/** True when running is allowed; otherwise explains why and offers to manage trust. */
export async function ensureTrusted(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `AnsFlow cannot ${action}: this workspace is not trusted. Pipelines run commands, containers and cluster actions from files in it, so AnsFlow only reads them until you trust the workspace.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
