// Wires the Clusters view: the core model over the shared KubeSelection, the tree provider, the
// status-bar item, the read-only documents and every cluster command.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { ClustersModel } from '../../core/views/clusters/ClustersModel.js';
import type { ClusterNode } from '../../core/views/clusters/nodes.js';
import { present } from '../../core/views/clusters/present.js';
import { contextValueOf } from '../../core/views/clusters/actions.js';
import { ClustersTreeProvider } from '../trees/ClustersTreeProvider.js';
import { readKubeMetrics, TreeUsage } from '../../core/observability/metrics/index.js';
import { KubeSelection } from './KubeSelection.js';
import { KubeDocuments, KUBE_SCHEME } from './KubeDocuments.js';
import { PortForwards } from './PortForwards.js';
import { registerClusterActions } from './clusterActions.js';
import { registerSelectionCommands } from './selectionCommands.js';
import { registerRevealDeployingPipeline } from './revealDeployingPipeline.js';

export const CLUSTERS_VIEW_ID = 'ansflow.clusters';

/** Everything the cluster commands share. */
export interface ClustersDeps {
  ctx: AnsflowContext;
  selection: KubeSelection;
  model: ClustersModel;
  provider: ClustersTreeProvider;
  docs: KubeDocuments;
  forwards: PortForwards;
}

export function registerClusters(ctx: AnsflowContext): ClustersDeps {
  const selection = KubeSelection.for(ctx);
  const model = new ClustersModel({
    contexts: () => selection.contexts(),
    selection: () => ({ context: selection.context, namespace: selection.namespace }),
    client: (context) => selection.client(context, ''),
    loadError: () => selection.error,
  });
  ctx.register({ dispose: () => model.dispose() });
  const usage = new TreeUsage((context, signal) => readKubeMetrics(selection.client(context, ''), { signal }));
  ctx.register({ dispose: () => usage.dispose() });
  const usageSetting = () => usage.setEnabled(vscode.workspace.getConfiguration('ansflow.metrics').get<boolean>('inTreeDescriptions', false) === true);
  usageSetting();
  ctx.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ansflow.metrics.inTreeDescriptions') && usageSetting()));
  const provider = ctx.register(new ClustersTreeProvider(model, usage));
  const view = ctx.register(vscode.window.createTreeView<ClusterNode>(CLUSTERS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
  provider.attach(view);
  // A switch redraws; a changed kubeconfig (contexts, servers, users) also drops the old watches.
  // The key is taken with the status bar below, after activation: the kubeconfig is not read in activate().
  let configKey: string | undefined;
  ctx.register(
    selection.onDidChange(() => {
      const key = JSON.stringify(selection.contexts());
      if (key === configKey) return model.refreshAll();
      configKey = key;
      model.reload();
    }),
  );
  const docs = ctx.register(new KubeDocuments());
  ctx.register(vscode.workspace.registerTextDocumentContentProvider(KUBE_SCHEME, docs));
  const forwards = new PortForwards();
  ctx.register({ dispose: () => forwards.dispose() });

  const status = ctx.register(vscode.window.createStatusBarItem('ansflow.kubeContext', vscode.StatusBarAlignment.Left, 40));
  status.name = 'AnsFlow Kubernetes context';
  status.command = 'ansflow.selectKubeContext';
  const showStatus = () => {
    if (!selection.context) return status.hide();
    status.text = `$(cloud) ${selection.context} / ${selection.namespace}`;
    status.tooltip = `Kubernetes context and namespace for AnsFlow's trees (kubectl's current-context is unchanged). Click to switch.`;
    status.show();
  };
  ctx.register(selection.onDidChange(showStatus));
  // Right after activation (one kubeconfig read, unless a tree row or command read it first): the item shows a moment later.
  const first = setImmediate(() => {
    configKey ??= JSON.stringify(selection.contexts());
    showStatus();
  });
  ctx.register({ dispose: () => clearImmediate(first) });

  const deps: ClustersDeps = { ctx, selection, model, provider, docs, forwards };
  ctx.registerCommand('refreshClusters', () => {
    selection.reload();
    model.reload();
  });
  // Automation (e2e and scripts): the rows under a path of labels, as the view would show them.
  ctx.registerCommand('getClustersRows', async (path?: unknown) => {
    let node: ClusterNode | undefined;
    for (const label of Array.isArray(path) ? (path as string[]) : []) {
      node = (await model.children(node)).find((n) => present(n).label === label);
      if (!node) return undefined;
    }
    // The description as the view shows it (with usage when ansflow.metrics.inTreeDescriptions is on).
    return (await model.children(node)).map((n) => ({ label: present(n).label, description: String(provider.getTreeItem(n).description ?? ''), contextValue: contextValueOf(n, n.type === 'resource' || n.type === 'container' ? n.allowed : []), node: n }));
  });
  registerSelectionCommands(deps);
  registerClusterActions(deps);
  registerRevealDeployingPipeline(ctx);
  return deps;
}
