// "AnsFlow: Cluster Health" on a context row (or the selected context from the palette): the core
// summary and usage as a grouped quick pick; picking an object describes it.
import * as vscode from 'vscode';
import type { ClusterNode } from '../../core/views/clusters/nodes.js';
import { resourceNodeOf } from '../../core/observability/resourceNodeOf.js';
import { healthItems, readClusterHealth, usageItems, type HealthItem } from '../../core/observability/health/index.js';
import { readKubeMetrics } from '../../core/observability/metrics/index.js';
import { KubeSelection } from '../kubernetes/KubeSelection.js';
import type { AnsflowContext } from '../AnsflowContext.js';

type Item = vscode.QuickPickItem & { ref?: HealthItem['ref'] };

/** Reads and shows the health of a context; resolves with the items shown (for automation). */
export async function showClusterHealth(ctx: AnsflowContext, arg: unknown): Promise<HealthItem[] | undefined> {
  const selection = KubeSelection.for(ctx);
  const node = arg && typeof arg === 'object' && (arg as ClusterNode).type === 'context' ? (arg as Extract<ClusterNode, { type: 'context' }>) : undefined;
  const context = node?.info.name ?? selection.context;
  if (!context) throw selection.error ?? new Error('No Kubernetes context is selected.');
  const kube = selection.client(context, '');
  const [health, usage] = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the health of ${context}…`, cancellable: true }, (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return Promise.all([readClusterHealth(kube, { signal: abort.signal }), readKubeMetrics(kube, { signal: abort.signal }).catch((e: Error) => ({ source: 'none' as const, time: '', nodes: [], pods: [], note: e.message }))]);
  });
  const items = [...healthItems(health), ...usageItems(usage)];
  const picks: Item[] = [];
  let section = '';
  for (const i of items) {
    if (i.section !== section) picks.push({ label: (section = i.section), kind: vscode.QuickPickItemKind.Separator });
    picks.push({ label: `${i.ok ? '$(pass)' : '$(warning)'} ${i.label}`, description: i.description, detail: i.detail, ref: i.ref });
  }
  const problems = items.filter((i) => !i.ok).length;
  const pick = await vscode.window.showQuickPick(picks, { title: `Cluster health of ${context}: ${problems ? `${problems} problem(s)` : 'no problems'}`, matchOnDescription: true, matchOnDetail: true, placeHolder: 'Pick an object to describe it' });
  if (pick?.ref) await vscode.commands.executeCommand('ansflow.kubeDescribe', resourceNodeOf('health', context, pick.ref.kind, pick.ref.name, pick.ref.namespace));
  return items;
}
