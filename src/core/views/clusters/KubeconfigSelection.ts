// The selected kube context and namespace over the merged kubeconfig, read on first use. Activation
// creates this without touching the files (parsing them took a sizeable part of activate()); the first
// question asked of it (a tree row, the status bar a moment after activation, a command) reads them once.
import type { LoadedKubeconfig } from '../../clients/kubernetes/index.js';
import { ToolError } from '../../contracts/result.js';
import { listContexts, resolveSelection, type ContextInfo, type SelectionState } from './contexts.js';

/** Where the kubeconfig and the remembered selection come from. */
export interface KubeconfigSource {
  /** Reads and merges the kubeconfig files; throws when there is none or one is broken. */
  load(): LoadedKubeconfig;
  /** The selection remembered from an earlier switch (empty: kubectl's current-context). */
  saved(): SelectionState;
  /** Called after every read, the first one included (undefined when the read failed). */
  onLoad?(loaded: LoadedKubeconfig | undefined): void;
}

interface Read {
  config: LoadedKubeconfig | undefined;
  error: Error | undefined;
  context: string | undefined;
  namespace: string;
}

export class KubeconfigSelection {
  private read: Read | undefined;

  constructor(private readonly source: KubeconfigSource) {}

  /** Whether the kubeconfig has been read yet (nothing reads it before the first question). */
  get isLoaded(): boolean {
    return this.read !== undefined;
  }

  /** The merged kubeconfig; undefined when none could be loaded (see {@link error}). */
  get config(): LoadedKubeconfig | undefined {
    return this.ensure().config;
  }

  /** Why no kubeconfig is available. */
  get error(): Error | undefined {
    return this.ensure().error;
  }

  /** The selected context name; undefined when there is none. */
  get context(): string | undefined {
    return this.ensure().context;
  }

  /** The selected namespace (the context's own, else `default`, unless switched). */
  get namespace(): string {
    return this.ensure().namespace;
  }

  /** The merged kubeconfig's contexts (empty when none loaded). */
  contexts(): ContextInfo[] {
    const { config } = this.ensure();
    return config ? listContexts(config) : [];
  }

  /** Selects `context` (and `namespace`, else the context's own); returns what to remember. */
  select(context: string, namespace?: string): SelectionState {
    const read = this.ensure();
    const info = this.contexts().find((c) => c.name === context);
    if (!info) throw new ToolError('not-found', `Kubernetes context "${context}" does not exist.`);
    read.context = context;
    read.namespace = namespace || info.namespace || 'default';
    return { context, namespace };
  }

  /** Reads the kubeconfig files again (they changed on disk, or KUBECONFIG did). */
  reload(): void {
    let config: LoadedKubeconfig | undefined;
    let error: Error | undefined;
    try {
      config = this.source.load();
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    const contexts = config ? listContexts(config) : [];
    this.read = { config, error, ...resolveSelection(contexts, this.source.saved()) };
    this.source.onLoad?.(config);
  }

  private ensure(): Read {
    if (!this.read) this.reload();
    return this.read!;
  }
}
