// Wires the Helm Releases view: the core model over the shared KubeSelection, the tree provider,
// the read-only release documents and the Helm commands.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { HelmReleasesModel, HelmStorageWatch, type HelmTreeNode } from '../../core/views/helm/index.js';
import { KubeSelection } from '../kubernetes/KubeSelection.js';
import { HelmReleasesTreeProvider } from '../trees/HelmReleasesTreeProvider.js';
import { HelmDocuments, HELM_SCHEME } from './HelmDocuments.js';
import { registerHelmCommands } from './helmReleaseCommands.js';

export const HELM_VIEW_ID = 'ansflow.helmReleases';

/** Registers the view, its documents and commands on `ctx`; returns the model (tests reach it through the extension API). */
export function registerHelmReleases(ctx: AnsflowContext): HelmReleasesModel {
  const selection = KubeSelection.for(ctx);
  const model = new HelmReleasesModel({
    contexts: () => {
      const contexts = selection.contexts();
      if (contexts.length === 0 && selection.error) return { error: selection.error };
      return contexts.map((c) => ({ name: c.name, selected: c.name === selection.context, namespace: c.name === selection.context ? selection.namespace : c.namespace || 'default' }));
    },
    storageFor: (context) => new HelmStorageWatch(selection.client(context)),
  });
  ctx.register({ dispose: () => model.dispose() });
  const provider = ctx.register(new HelmReleasesTreeProvider(model));
  const view = ctx.register(vscode.window.createTreeView<HelmTreeNode>(HELM_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
  provider.attach(view);
  ctx.register(selection.onDidChange(() => model.reset()));
  const docs = new HelmDocuments(model, selection);
  ctx.register(vscode.workspace.registerTextDocumentContentProvider(HELM_SCHEME, docs));
  registerHelmCommands({ ctx, selection, model });
  return model;
}
