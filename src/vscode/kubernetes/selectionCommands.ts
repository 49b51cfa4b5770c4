// Switching context and namespace (tree rows, palette, status-bar item) and the namespace filter.
import * as vscode from 'vscode';
import { listResources } from '../../core/clients/kubernetes/index.js';
import type { ClusterNode } from '../../core/views/clusters/nodes.js';
import type { ClustersDeps } from './registerClusters.js';

const isNode = (a: unknown): a is ClusterNode => !!a && typeof a === 'object' && 'type' in a && 'id' in a;

export function registerSelectionCommands({ ctx, selection, model }: ClustersDeps): void {
  ctx.registerCommand('selectKubeContext', async (arg?: unknown) => {
    let context = isNode(arg) ? arg.context : typeof arg === 'string' ? arg : undefined;
    if (!context) {
      const items = selection.contexts().map((c) => ({ label: c.name, description: [c.name === selection.context ? 'selected' : '', c.current ? 'current-context' : ''].filter(Boolean).join(' · '), detail: c.server, namespace: false }));
      if (items.length === 0) throw selection.error ?? new Error('No Kubernetes contexts found.');
      // The status-bar item opens this pick, so the namespace is one step away from it too.
      const nsItem = { label: `$(folder-active) Namespace: ${selection.namespace}`, description: 'switch…', detail: undefined, namespace: true };
      const picked = await vscode.window.showQuickPick([nsItem, ...items], { title: 'Kubernetes context for AnsFlow' });
      if (picked?.namespace) return vscode.commands.executeCommand('ansflow.selectKubeNamespace');
      context = picked?.label;
    }
    if (context) await selection.select(context);
  });

  ctx.registerCommand('selectKubeNamespace', async (arg?: unknown) => {
    if (isNode(arg) && arg.type === 'namespace' && arg.namespace) return selection.select(arg.context, arg.namespace);
    const context = isNode(arg) ? arg.context : selection.context;
    if (!context) throw selection.error ?? new Error('No Kubernetes context is selected.');
    let names: string[] | undefined;
    try {
      names = (await listResources(selection.client(context, ''), 'namespaces')).items.map((n) => n.metadata.name).sort();
    } catch {
      // May not list namespaces: type one instead.
    }
    const current = context === selection.context ? selection.namespace : undefined;
    const ns = names
      ? (await vscode.window.showQuickPick(names.map((n) => ({ label: n, description: n === current ? 'selected' : '' })), { title: `Namespace in ${context}` }))?.label
      : await vscode.window.showInputBox({ title: `Namespace in ${context}`, prompt: 'You may not list namespaces here; type the namespace to use.', value: current });
    if (ns) await selection.select(context, ns);
  });

  ctx.registerCommand('filterKubeNamespaces', async (arg?: unknown) => {
    const context = isNode(arg) ? arg.context : selection.context;
    if (!context) return;
    const filter = await vscode.window.showInputBox({ title: `Filter namespaces of ${context}`, prompt: 'Comma-separated parts or globs (team-*); empty shows all.', value: model.namespaceFilter(context) });
    if (filter !== undefined) model.setNamespaceFilter(context, filter);
  });
}
