// "AnsFlow: Show Resources": from a Node, namespace or workload row of the Clusters tree, or container
// rows or a compose project of the Containers tree.
import * as vscode from 'vscode';
import { KubeClient } from '../../core/clients/kubernetes/KubeClient.js';
import { resourcesTargetOf } from '../../core/observability/metrics/index.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { DockerSession } from '../docker/DockerSession.js';
import { ensureTrusted } from '../run/trust.js';
import { ResourcesPanel } from './ResourcesPanel.js';

export function registerResources(ctx: AnsflowContext, docker: DockerSession): void {
  const panels = new Set<ResourcesPanel>();
  ctx.register({ dispose: () => panels.forEach((p) => p.dispose()) });
  ctx.registerCommand('showResources', async (arg?: unknown, selected?: unknown) => {
    const target = resourcesTargetOf(arg, selected);
    if (!target) {
      void vscode.window.showInformationMessage('Show Resources works on a node, namespace or workload in Clusters, or containers or a compose project in Containers: right-click one there.');
      return;
    }
    // A kubeconfig may run credential plugins.
    if (!(await ensureTrusted('read cluster and container usage'))) return;
    let kube: KubeClient | undefined;
    const panel = ResourcesPanel.open(ctx.extension.extensionUri, target, {
      kube: (context) => (kube ??= KubeClient.load({ context })),
      docker: () => docker.client(),
    });
    panels.add(panel);
    panel.onDidClose = () => {
      panels.delete(panel);
      kube?.dispose();
    };
    return panel;
  });
}
