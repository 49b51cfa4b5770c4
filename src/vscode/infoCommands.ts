import * as vscode from 'vscode';
import type { AnsflowContext } from './AnsflowContext.js';
import { VERSION } from '../core/version.js';

export function registerInfoCommands(ctx: AnsflowContext): void {
  ctx.registerCommand('showInfo', () => {
    const message = `AnsFlow ${VERSION} is active (VS Code ${vscode.version}).`;
    ctx.log.info(message);
    // Not awaited: the promise settles only when the toast is dismissed, and callers want the text now.
    void vscode.window.showInformationMessage(message);
    return message;
  });
  // `@ext:` filters the Settings editor to this extension's contributed groups.
  ctx.registerCommand('openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${ctx.extension.extension.id}`));
}
