// Wires the Ansible Inventories view: discovery through the workspace file search, the core tree
// model, a debounced file watcher (inventory files, ansible.cfg, group_vars/, host_vars/), the
// setting, and the view's commands. extension.ts calls this once.
import * as vscode from 'vscode';
import { discoverInventories, INVENTORY_EXCLUDE_GLOB, INVENTORY_INCLUDE_GLOB } from '../../core/views/inventories/discoverInventories.js';
import { InventoryTreeModel } from '../../core/views/inventories/InventoryTreeModel.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { RunService } from '../run/RunService.js';
import { InventoriesTreeProvider } from '../trees/InventoriesTreeProvider.js';
import { registerInventoryCommands } from './inventoryCommands.js';

export const INVENTORIES_VIEW_ID = 'ansflow.inventories';
const DEBOUNCE_MS = 300;

/** The first workspace folder (inventories of multi-root workspaces are listed from the first). */
const rootFolder = (): vscode.WorkspaceFolder | undefined => vscode.workspace.workspaceFolders?.[0];

/** Finds the inventory files of the workspace (see discoverInventories for the rules). */
export async function findInventoryFiles(): Promise<string[]> {
  const folder = rootFolder();
  if (!folder) return [];
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, INVENTORY_INCLUDE_GLOB), INVENTORY_EXCLUDE_GLOB, 5000);
  const root = folder.uri.fsPath;
  const found = uris.map((u) => vscode.workspace.asRelativePath(u, false));
  let ansibleCfg: string | undefined;
  try {
    ansibleCfg = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'ansible.cfg')));
  } catch {
    ansibleCfg = undefined;
  }
  const configured = vscode.workspace.getConfiguration('ansflow', folder.uri).get<string[]>('ansible.inventories', []);
  return discoverInventories({ root, found, ansibleCfg, configured: Array.isArray(configured) ? configured : [] });
}

/** Registers the view, its watcher and commands; returns the provider (tests reach it through the API). */
export function registerInventories(ctx: AnsflowContext, runs: RunService): InventoriesTreeProvider {
  const model = new InventoryTreeModel(rootFolder()?.uri.fsPath ?? process.cwd());
  const provider = ctx.register(new InventoriesTreeProvider(model));
  const view = ctx.register(vscode.window.createTreeView(INVENTORIES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));

  let timer: NodeJS.Timeout | undefined;
  let generation = 0;
  const reload = async (): Promise<void> => {
    const mine = ++generation;
    const files = await findInventoryFiles();
    if (mine !== generation) return; // a newer reload is on its way
    model.setFiles(files);
    model.invalidate();
    provider.refresh();
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload().catch((e) => ctx.log.error('inventories: reload failed', e)), DEBOUNCE_MS);
  };
  ctx.register({ dispose: () => clearTimeout(timer) });

  // Any YAML/INI/extension-less file can be an inventory or a vars file: watch broadly, reload coalesced.
  const watcher = ctx.register(vscode.workspace.createFileSystemWatcher('**/{inventory*,hosts*,*.ini,*.yml,*.yaml,*.json,ansible.cfg,group_vars/**,host_vars/**}'));
  ctx.register(watcher.onDidChange(schedule));
  ctx.register(watcher.onDidCreate(schedule));
  ctx.register(watcher.onDidDelete(schedule));
  ctx.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ansflow.ansible.inventories') && schedule()));
  ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(schedule));

  registerInventoryCommands(ctx, { model, provider, view, runs, reload });
  void reload().catch((e) => ctx.log.error('inventories: first load failed', e));
  return provider;
}
