// The walkthrough's "connect a cluster" step: reports what AnsFlow found in KUBECONFIG, Docker and
// Ansible config in the AnsFlow output channel. The walkthrough itself is declared in package.json.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { detectEnvironment, formatEnvironmentReport } from '../../core/views/walkthrough/detectEnvironment.js';

export function registerWalkthrough(ctx: AnsflowContext): void {
  ctx.registerCommand('showEnvironment', () => {
    const lines = formatEnvironmentReport(detectEnvironment({ workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath }));
    ctx.log.info(`what AnsFlow found:\n${lines.join('\n')}`);
    ctx.log.show(true);
    return lines.join('\n');
  });
}
