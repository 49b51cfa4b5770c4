// Wires the Containers view into activation: the Docker session (lazy connection, context switch,
// status bar), the tree, inspect documents and the commands. extension.ts calls this once.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { ContainersTreeProvider } from '../trees/ContainersTreeProvider.js';
import { DockerSession } from './DockerSession.js';
import { INSPECT_SCHEME, InspectDocuments } from './InspectDocuments.js';
import { registerContainerCommands } from './containerCommands.js';

/** The views this registers; extension.ts leaves them out of the empty placeholders. */
export const CONTAINER_VIEW_IDS = ['ansflow.containers'] as const;

/** Registers the Containers view and its commands on `ctx`. */
export function registerContainers(ctx: AnsflowContext): DockerSession {
  const session = ctx.register(new DockerSession(ctx.extension));
  const provider = ctx.register(new ContainersTreeProvider(session));
  const view = ctx.register(vscode.window.createTreeView('ansflow.containers', { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true }));
  const describe = (): void => {
    view.description = session.label();
  };
  ctx.register(session.onDidChange(describe));
  // The engine is contacted when the view first shows, not at activation.
  ctx.register(view.onDidChangeVisibility((e) => provider.setVisible(e.visible)));
  // A view already showing connects right after activation (that loads the Docker client bundle), not inside it.
  const shown = setImmediate(() => view.visible && provider.setVisible(true));
  ctx.register({ dispose: () => clearImmediate(shown) });
  const inspect = ctx.register(new InspectDocuments(session));
  ctx.register(vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect));
  registerContainerCommands(ctx, session, inspect);
  return session;
}
