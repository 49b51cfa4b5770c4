// One object owns the extension's state and everything that must be disposed; extension.ts only builds it.
import * as vscode from 'vscode';
import { commandId, type CommandName } from './commands.js';
import { EmptyTreeProvider } from './trees/EmptyTreeProvider.js';

export const VIEW_IDS = [
  'ansflow.pipelines',
  'ansflow.runs',
  'ansflow.clusters',
  'ansflow.containers',
  'ansflow.helmReleases',
  'ansflow.inventories',
] as const;

export class AnsflowContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  readonly log: vscode.LogOutputChannel;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.register(vscode.window.createOutputChannel('AnsFlow', { log: true }));
  }

  /** Registers a child for disposal; registering on a disposed context disposes the newcomer at once. */
  register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  registerCommand(name: CommandName, handler: (...args: unknown[]) => unknown): void {
    this.register(
      vscode.commands.registerCommand(commandId(name), async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          // At the editor edge: one clear message for people, the detail in the log.
          const message = e instanceof Error ? e.message : String(e);
          this.log.error(`${commandId(name)} failed`, e);
          void vscode.window.showErrorMessage(`AnsFlow: ${message}`);
          return undefined;
        }
      }),
    );
  }

  registerEmptyViews(ids: readonly string[]): void {
    for (const id of ids) {
      const provider = this.register(new EmptyTreeProvider());
      this.register(vscode.window.createTreeView(id, { treeDataProvider: provider }));
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        console.error('AnsFlow: dispose failed', e);
      }
    }
  }
}
