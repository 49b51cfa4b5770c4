// "AnsFlow: Show Merged Logs": from a workload or namespace row of the Clusters tree, one or more
// container rows (or a compose project) of the Containers tree, or a run of the Runs tree.
import * as vscode from 'vscode';
import { KubeClient } from '../../core/clients/kubernetes/KubeClient.js';
import type { MergedLogTarget } from '../../core/logs/index.js';
import type { ClusterNode } from '../../core/views/clusters/nodes.js';
import { containerRowsOf, workloadRowOf } from '../../core/views/rowTargets.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { DockerSession } from '../docker/DockerSession.js';
import type { RunService } from '../run/RunService.js';
import { ensureTrusted } from '../run/trust.js';
import type { RunsNode } from '../trees/RunsTreeProvider.js';
import { MergedLogsPanel } from './MergedLogsPanel.js';

/** The target of a tree row (plus the view's multi-selection), or undefined when the row has no logs. */
export function targetOf(arg: unknown, selected: unknown, runs: RunService | undefined): MergedLogTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const workload = workloadRowOf(arg);
  if (workload) return { kind: 'workload', ...workload };
  const cluster = arg as ClusterNode;
  if (cluster.type === 'namespace' && cluster.namespace) return { kind: 'pods', context: cluster.context, namespace: cluster.namespace };
  const containers = containerRowsOf(arg, selected);
  if (containers) return { kind: 'containers', ...containers };
  const run = arg as RunsNode;
  if (run.kind === 'run' && runs) return { kind: 'run', root: runs.history(run.uri).root, runId: run.runId, pipeline: run.stored?.pipeline };
  return undefined;
}

export function registerMergedLogs(ctx: AnsflowContext, docker: DockerSession, runs: RunService | undefined): void {
  const panels = new Set<MergedLogsPanel>();
  ctx.register({ dispose: () => panels.forEach((p) => p.dispose()) });
  ctx.registerCommand('showMergedLogs', async (arg?: unknown, selected?: unknown) => {
    const target = targetOf(arg, selected, runs);
    if (!target) {
      void vscode.window.showInformationMessage('Show Merged Logs works on a Deployment or namespace in Clusters, containers or a compose project in Containers, or a run in Runs: right-click one there.');
      return;
    }
    if (target.kind !== 'run' && !(await ensureTrusted('follow cluster and container logs'))) return;
    if (target.kind === 'pods') {
      // A namespace row follows every pod, or those a label selector picks.
      const selector = await vscode.window.showInputBox({ title: `Merged logs of namespace ${target.namespace}`, prompt: 'Label selector of the pods to follow (empty: every pod)', placeHolder: 'app=web,tier!=cache' });
      if (selector === undefined) return;
      if (selector.trim()) target.labelSelector = selector.trim();
    }
    const kubes: KubeClient[] = [];
    const kube = (context: string, namespace: string) => {
      const k = KubeClient.load({ context, namespace });
      kubes.push(k);
      return k;
    };
    const panel = MergedLogsPanel.open(ctx.extension.extensionUri, target, { kube, docker: () => docker.client() }, ctx.log);
    panels.add(panel);
    panel.onDidClose = () => {
      panels.delete(panel);
      kubes.forEach((k) => k.dispose());
    };
    return panel.title;
  });
}
