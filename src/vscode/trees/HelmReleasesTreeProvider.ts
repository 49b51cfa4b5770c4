// The Helm Releases view: rows come from the core model (src/core/views/helm); this only maps its
// row data onto TreeItems and passes visibility and collapse events back so watches follow the view.
import * as vscode from 'vscode';
import { Commands, COMMAND_PREFIX } from '../commands.js';
import { helmTreeItem, type HelmReleasesModel, type HelmTreeNode } from '../../core/views/helm/index.js';
import { RefreshGate } from '../../core/views/refreshGate.js';

const COLLAPSE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

/** See the file comment. */
export class HelmReleasesTreeProvider implements vscode.TreeDataProvider<HelmTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HelmTreeNode | HelmTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  /** A rollback or upgrade changes a release several times in a row: refreshes go through the gate. */
  private readonly gate = new RefreshGate<HelmTreeNode>((rows) => this.changed.fire(rows));

  constructor(private readonly model: HelmReleasesModel) {
    const sub = model.onDidChange((node) => this.gate.request(node ? [node] : undefined));
    this.subs.push({ dispose: () => sub.dispose() }, { dispose: () => this.gate.dispose() });
  }

  /** Follows the view's visibility and collapses (watches run only for expanded rows of a visible view). */
  attach(view: vscode.TreeView<HelmTreeNode>): void {
    this.model.setVisible(view.visible);
    this.subs.push(
      view.onDidChangeVisibility((e) => this.model.setVisible(e.visible)),
      view.onDidCollapseElement((e) => this.model.collapsed(e.element)),
    );
  }

  getChildren(node?: HelmTreeNode): Promise<HelmTreeNode[]> {
    return this.gate.fetch(() => this.model.children(node));
  }

  getTreeItem(node: HelmTreeNode): vscode.TreeItem {
    const d = helmTreeItem(node, Date.now());
    const item = new vscode.TreeItem(d.label, COLLAPSE[d.collapsible]);
    item.id = d.id;
    item.description = d.description;
    item.tooltip = d.tooltip;
    item.iconPath = new vscode.ThemeIcon(d.icon, d.color ? new vscode.ThemeColor(d.color) : undefined);
    item.contextValue = d.contextValue;
    // Clicking a revision opens what it deployed.
    if (node.kind === 'revision') item.command = { command: `${COMMAND_PREFIX}.${Commands.helmShowManifest}`, title: 'Show Manifest', arguments: [node] };
    return item;
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
    this.changed.dispose();
  }
}
