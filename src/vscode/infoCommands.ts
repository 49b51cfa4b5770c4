import * as vscode from 'vscode';
import type { AnsflowContext } from './AnsflowContext.js';
import { VERSION } from '../core/version.js';

export function registerInfoCommands(ctx: AnsflowContext): void {
  ctx.registerCommand('showInfo', async () => {
    const message = `AnsFlow ${VERSION} is active (VS Code ${vscode.version}).`;
    ctx.log.info(message);
    await vscode.window.showInformationMessage(message);
    return message;
  });
}
