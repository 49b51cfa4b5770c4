// The one "current kube context and namespace" of the extension, shared by the Clusters and Helm
// Releases trees and the status-bar item. Deliberately an in-extension selection (remembered in
// globalState) rather than a rewrite of current-context in the user's kubeconfig: switching here
// must not change what kubectl in a terminal talks to. It starts at kubectl's current-context. The
// kubeconfig is read at the first question asked of it, not at activation (core KubeconfigSelection).
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { KubeClient, loadKubeconfig, type LoadedKubeconfig } from '../../core/clients/kubernetes/index.js';
import type { ContextInfo, SelectionState } from '../../core/views/clusters/contexts.js';
import { KubeconfigSelection } from '../../core/views/clusters/KubeconfigSelection.js';
import { ToolError } from '../../core/contracts/result.js';

const STATE_KEY = 'ansflow.kube.selection';
const instances = new WeakMap<AnsflowContext, KubeSelection>();

/** What {@link KubeSelection.onDidChange} reports. */
export interface KubeSelectionChange {
  context: string | undefined;
  namespace: string;
}

/**
 * ```ts
 * const sel = KubeSelection.for(ctx);
 * sel.onDidChange(({ context, namespace }) => refresh());
 * const kube = sel.client();            // KubeClient for the selected context + namespace
 * ```
 */
export class KubeSelection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KubeSelectionChange>();
  /** Fires after a switch and after the kubeconfig files changed on disk. */
  readonly onDidChange = this.changed.event;
  private readonly selection: KubeconfigSelection;
  private disposed = false;
  private readonly clients = new Map<string, KubeClient>();
  private readonly watchers: vscode.Disposable[] = [];

  /** The selection of this extension instance (created on first use, disposed with the context). */
  static for(ctx: AnsflowContext): KubeSelection {
    let s = instances.get(ctx);
    if (!s) {
      s = ctx.register(new KubeSelection(ctx.extension.globalState));
      instances.set(ctx, s);
    }
    return s;
  }

  constructor(private readonly memento: vscode.Memento) {
    this.selection = new KubeconfigSelection({
      load: () => loadKubeconfig(),
      saved: () => memento.get<SelectionState>(STATE_KEY) ?? {},
      onLoad: (loaded) => this.watchFiles(loaded),
    });
  }

  /** The selected context name; undefined when no kubeconfig was found. */
  get context(): string | undefined {
    return this.selection.context;
  }

  /** The selected namespace (the context's own, else `default`, unless switched). */
  get namespace(): string {
    return this.selection.namespace;
  }

  /** Why no context is available (missing or broken kubeconfig), for welcome text and errors. */
  get error(): Error | undefined {
    return this.selection.error;
  }

  /** The merged kubeconfig's contexts (empty when none loaded). */
  contexts(): ContextInfo[] {
    return this.selection.contexts();
  }

  /** Switches context and/or namespace (namespace undefined: the context's own). */
  async select(context: string, namespace?: string): Promise<void> {
    await this.memento.update(STATE_KEY, this.selection.select(context, namespace));
    this.fireChange();
  }

  /** A client for `context` (default: the selected one, in the selected namespace); kept per context and namespace so connections are pooled. */
  client(context = this.selection.context, namespace?: string): KubeClient {
    const loaded = this.selection.config;
    if (!loaded || !context) throw this.selection.error ?? new ToolError('invalid-input', 'No Kubernetes context is selected.', 'Set KUBECONFIG or create ~/.kube/config.');
    const ns = namespace ?? (context === this.selection.context ? this.selection.namespace : undefined);
    const key = `${context}\n${ns ?? ''}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new KubeClient(loaded).withContext(context, ns);
      this.clients.set(key, c);
    }
    return c;
  }

  /** Re-reads the kubeconfig files (they changed on disk, or KUBECONFIG did). */
  reload(): void {
    for (const c of this.clients.values()) c.dispose();
    this.clients.clear();
    this.selection.reload();
    this.fireChange();
  }

  private fireChange(): void {
    this.changed.fire({ context: this.selection.context, namespace: this.selection.namespace });
  }

  private watchFiles(loaded: LoadedKubeconfig | undefined): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    if (this.disposed) return;
    for (const f of loaded?.files ?? []) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(f)), basename(f)));
      this.watchers.push(w, w.onDidChange(() => this.reload()), w.onDidDelete(() => this.reload()));
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watchers.splice(0)) w.dispose();
    for (const c of this.clients.values()) c.dispose();
    this.clients.clear();
    this.changed.dispose();
  }
}
