// The Containers view: rows come ready-made from core (src/core/views/containers/containersTree.ts);
// this maps each to a TreeItem and tells the model which running containers are on screen, so stats
// streams run only while the view is visible.
import * as vscode from 'vscode';
import type { ContainersNode } from '../../core/views/containers/index.js';
import type { DockerSession } from '../docker/DockerSession.js';

/** See the file comment. */
export class ContainersTreeProvider implements vscode.TreeDataProvider<ContainersNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContainersNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private visible = false;
  /** Running containers returned by the last getChildren calls (what can be on screen). */
  private shown = new Set<string>();
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(private readonly session: DockerSession) {
    this.subs.push(session.onDidChange(() => this.changed.fire(undefined)));
  }

  /** Called by the view's visibility events; a hidden view follows no stats. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    // showing the view is what connects; hiding it must not
    if (visible) this.changed.fire(undefined);
    (visible ? this.session.model() : this.session.started)?.setStatsTargets(visible && this.statsEnabled() ? [...this.shown] : []);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(n: ContainersNode): vscode.TreeItem {
    const state = n.children === undefined ? vscode.TreeItemCollapsibleState.None : n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.contextValue = n.contextValue;
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.codicon, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    return item;
  }

  getChildren(n?: ContainersNode): ContainersNode[] {
    const rows = n ? (n.children ?? []) : this.session.tree();
    if (!n) this.shown = new Set();
    for (const r of rows) {
      if (r.data.kind === 'container' && r.data.state === 'running') this.shown.add(r.data.id);
      // rows of an expanded project are on screen without a getChildren call of their own yet
      if (r.data.kind === 'project' && r.expanded) for (const c of r.children ?? []) if (c.data.kind === 'container' && c.data.state === 'running') this.shown.add(c.data.id);
    }
    this.scheduleStatsSync();
    return rows;
  }

  /** The editor asks for the root, then each expanded group: settle on the set once the calls are over. */
  private scheduleStatsSync(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => this.session.started?.setStatsTargets(this.visible && this.statsEnabled() ? [...this.shown] : []), 300);
  }

  private statsEnabled(): boolean {
    return vscode.workspace.getConfiguration('ansflow').get<boolean>('containers.showStats', true);
  }

  dispose(): void {
    clearTimeout(this.syncTimer);
    for (const s of this.subs.splice(0)) s.dispose();
    this.changed.dispose();
  }
}
