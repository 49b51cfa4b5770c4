import * as vscode from 'vscode';
import { AnsflowContext, VIEW_IDS } from './AnsflowContext.js';
import { registerInfoCommands } from './infoCommands.js';

let ctx: AnsflowContext | undefined;

/** Public API returned from activation; tests use it to reach the context. */
export interface AnsflowApi {
  readonly context: AnsflowContext;
}

export function activate(extension: vscode.ExtensionContext): AnsflowApi {
  ctx = new AnsflowContext(extension);
  extension.subscriptions.push(ctx);
  ctx.registerEmptyViews(VIEW_IDS);
  registerInfoCommands(ctx);
  ctx.log.info(`AnsFlow ${extension.extension.packageJSON.version as string} activated`);
  return { context: ctx };
}

export function deactivate(): void {
  ctx?.dispose();
  ctx = undefined;
}
