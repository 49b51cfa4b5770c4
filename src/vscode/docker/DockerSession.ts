// The editor's one Docker connection: resolved lazily (the first time the Containers view shows or a
// Docker command runs, so activation never touches the engine), switchable between docker contexts,
// and shown in a status-bar item. Owns the live ContainersModel of the current connection.
import * as vscode from 'vscode';
import { DockerClient, connectionForContext, describeDockerConnection, listDockerContexts, resolveDockerConnection, type DockerConnection } from '../../core/clients/docker/index.js';
import { ContainersModel, messageTree, type ContainersNode } from '../../core/views/containers/index.js';
import { ToolError } from '../../core/contracts/result.js';
import { commandId } from '../commands.js';

/** globalState key of the context picked in the editor (unset: the docker CLI's own choice). */
const CONTEXT_KEY = 'ansflow.docker.context';

/** What the Containers view and the Docker commands share. */
export class DockerSession implements vscode.Disposable {
  private current: { client: DockerClient; model: ContainersModel; sub: { dispose(): void } } | undefined;
  private resolveError: Error | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the model changes or the connection is replaced. */
  readonly onDidChange = this.changed.event;
  private readonly status: vscode.StatusBarItem;

  constructor(private readonly extension: vscode.ExtensionContext) {
    this.status = vscode.window.createStatusBarItem('ansflow.dockerEngine', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'AnsFlow Docker engine';
    this.status.command = commandId('switchDockerContext');
  }

  /** The client of the current connection, connecting first if needed; throws the resolution error. */
  client(): DockerClient {
    const c = this.ensure();
    if (!c) throw this.resolveError ?? new Error('No Docker connection');
    return c.client;
  }

  /** The live model, started on first use (undefined when the connection cannot even be resolved). */
  model(): ContainersModel | undefined {
    return this.ensure()?.model;
  }

  /** The model if a connection was made already (never connects: for hiding and stats bookkeeping). */
  get started(): ContainersModel | undefined {
    return this.current?.model;
  }

  /** The view's rows: the model's, or one row saying why there is no connection. */
  tree(): ContainersNode[] {
    const m = this.model();
    if (m) return m.tree();
    const e = this.resolveError;
    return messageTree(e?.message ?? 'No Docker connection', e instanceof ToolError ? e.hint : undefined, 'error');
  }

  /** The connection in use (after the first {@link client}/{@link model} call). */
  get connection(): DockerConnection | undefined {
    return this.current?.client.connection;
  }

  /** A short label for the view description: the context name, else the host. */
  label(): string {
    const conn = this.connection;
    if (!conn) return this.resolveError ? 'not connected' : '';
    const where = conn.source === 'context' ? conn.context! : conn.host.replace(/^unix:\/\//, '');
    return this.current?.model.state === 'disconnected' ? `${where} — disconnected` : where;
  }

  /** The contexts of the docker CLI store, with the one in use marked. */
  contexts(): Array<{ name: string; host?: string; description?: string; inUse: boolean }> {
    const inUse = this.connection?.source === 'context' ? this.connection.context : 'default';
    return listDockerContexts().map((c) => ({ name: c.name, host: c.host, description: c.description, inUse: c.name === inUse }));
  }

  /** Reconnects through another context and remembers the choice for this machine. */
  async switchContext(name: string): Promise<void> {
    await this.extension.globalState.update(CONTEXT_KEY, name);
    this.reset();
    this.ensure();
  }

  private ensure(): DockerSession['current'] {
    if (this.current) return this.current;
    let conn: DockerConnection;
    try {
      const picked = this.extension.globalState.get<string>(CONTEXT_KEY);
      conn = picked ? connectionForContext(picked) : resolveDockerConnection();
      this.resolveError = undefined;
    } catch (e) {
      this.resolveError = e instanceof Error ? e : new Error(String(e));
      this.updateStatus();
      return undefined;
    }
    const dc = DockerClient.fromConnection(conn);
    const model = new ContainersModel(dc);
    const sub = model.onDidChange(() => {
      this.updateStatus();
      this.changed.fire();
    });
    this.current = { client: dc, model, sub };
    model.start();
    this.updateStatus();
    this.changed.fire();
    return this.current;
  }

  private updateStatus(): void {
    const conn = this.connection;
    if (!conn) {
      this.status.text = '$(vm) Docker: not connected';
      this.status.tooltip = `${this.resolveError?.message ?? ''}\nClick to pick a docker context.`;
    } else {
      const state = this.current?.model.state;
      this.status.text = `$(${state === 'disconnected' ? 'debug-disconnect' : 'vm'}) ${conn.source === 'context' ? conn.context : 'docker'}`;
      this.status.tooltip = `Docker engine: ${describeDockerConnection(conn)}${state === 'disconnected' ? `\nDisconnected: ${this.current?.model.error?.message ?? ''}` : ''}\nClick to switch docker context.`;
    }
    this.status.show();
  }

  private reset(): void {
    if (!this.current) return;
    this.current.sub.dispose();
    this.current.model.dispose();
    this.current = undefined;
  }

  dispose(): void {
    this.reset();
    this.status.dispose();
    this.changed.dispose();
  }
}
