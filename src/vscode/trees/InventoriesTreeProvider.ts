// The Ansible Inventories view: renders the core InventoryTreeModel's rows as TreeItems. Discovery,
// grouping, variable merging and descriptions all live in src/core/views/inventories.
import * as vscode from 'vscode';
import type { InventoryRow, InventoryTreeModel } from '../../core/views/inventories/InventoryTreeModel.js';
import { commandId } from '../commands.js';

/** See the file comment. `refresh()` after the model changed. */
export class InventoriesTreeProvider implements vscode.TreeDataProvider<InventoryRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InventoryRow | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Parents of rows handed out, for reveal() and getParent(). */
  private readonly parents = new Map<string, InventoryRow | undefined>();

  constructor(readonly model: InventoryTreeModel) {}

  refresh(): void {
    this.parents.clear();
    this.changed.fire(undefined);
  }

  getChildren(row?: InventoryRow): InventoryRow[] {
    const rows = row ? this.model.children(row) : this.model.roots();
    for (const r of rows) this.parents.set(r.id, row);
    return rows;
  }

  getParent(row: InventoryRow): InventoryRow | undefined {
    return this.parents.get(row.id);
  }

  getTreeItem(row: InventoryRow): vscode.TreeItem {
    const state = { none: vscode.TreeItemCollapsibleState.None, collapsed: vscode.TreeItemCollapsibleState.Collapsed, expanded: vscode.TreeItemCollapsibleState.Expanded }[row.collapsible];
    const item = new vscode.TreeItem(row.label, state);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    if (row.kind === 'file') item.resourceUri = vscode.Uri.file(row.file);
    // A variable or a note is a leaf: clicking it opens where it is written.
    if ((row.kind === 'var' || row.kind === 'note' || (row.kind === 'file' && row.collapsible === 'none')) && row.open) {
      item.command = { command: commandId('openInventoryDefinition'), title: 'Open Definition', arguments: [row] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
