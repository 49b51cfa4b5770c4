// The Clusters view: rows, wording and watches all come from the core ClustersModel; this maps
// them to TreeItems and tells the model what is expanded and visible, so watches run only there.
import * as vscode from 'vscode';
import type { ClustersModel } from '../../core/views/clusters/ClustersModel.js';
import type { ClusterNode } from '../../core/views/clusters/nodes.js';
import { present, type Health } from '../../core/views/clusters/present.js';
import { contextValueOf } from '../../core/views/clusters/actions.js';
import { hasChildRows } from '../../core/views/clusters/relations.js';
import { usageDescription, type TreeUsage } from '../../core/observability/metrics/index.js';
import { RefreshGate } from '../../core/views/refreshGate.js';

const COLORS: Record<Health, string | undefined> = {
  ok: 'testing.iconPassed',
  warning: 'list.warningForeground',
  error: 'testing.iconFailed',
  progress: 'charts.blue',
  none: undefined,
};

const LEAVES = new Set<ClusterNode['type']>(['container', 'message']);

/** See the file comment. */
export class ClustersTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode[] | ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  /** Watches change rows while the view may still be fetching them: refreshes go through the gate. */
  private readonly gate = new RefreshGate<ClusterNode>((rows) => this.changed.fire(rows));

  constructor(
    private readonly model: ClustersModel,
    /** Pod and node figures for descriptions (the `ansflow.metrics.inTreeDescriptions` setting). */
    private readonly usage?: TreeUsage,
  ) {
    const sub = model.onDidChange((nodes) => this.gate.request(nodes && nodes.length <= 200 ? nodes : undefined));
    const usageSub = usage?.onDidChange(() => this.gate.request());
    this.subs.push({ dispose: () => sub.dispose() }, { dispose: () => usageSub?.dispose() }, { dispose: () => this.gate.dispose() });
  }

  /** Connects the view's collapse and visibility events to the model's watch leases. */
  attach(view: vscode.TreeView<ClusterNode>): void {
    this.subs.push(
      view.onDidCollapseElement((e) => this.model.release(e.element)),
      view.onDidChangeVisibility((e) => {
        // Hidden: stop every watch. Visible again: redraw, which re-leases what is still expanded.
        if (e.visible) this.gate.request();
        else this.model.releaseAll();
        this.usage?.setVisible(e.visible);
      }),
    );
  }

  refresh(): void {
    this.gate.request();
  }

  getChildren(node?: ClusterNode): Promise<ClusterNode[]> {
    return this.gate.fetch(() => this.model.children(node));
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    const p = present(node);
    const leaf = LEAVES.has(node.type) || (node.type === 'resource' && !hasChildRows(node.object.kind));
    const item = new vscode.TreeItem(p.label, leaf ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = p.description;
    const u = node.type === 'resource' ? this.usage?.usageOf(node.context, node.kind.kind, node.object.metadata.name, node.object.metadata.namespace) : undefined;
    if (u) item.description = [p.description, usageDescription(u)].filter(Boolean).join(' · ');
    item.tooltip = p.tooltip;
    const color = COLORS[p.health];
    item.iconPath = new vscode.ThemeIcon(p.icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = contextValueOf(node, node.type === 'resource' || node.type === 'container' ? node.allowed : []);
    if (node.type === 'resource' && node.kind.kind !== 'Event') item.command = { command: 'ansflow.kubeDescribe', title: 'Describe', arguments: [node] };
    if (node.type === 'message' && node.severity === 'error') item.tooltip = new vscode.MarkdownString().appendText(node.detail ?? node.text);
    return item;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
