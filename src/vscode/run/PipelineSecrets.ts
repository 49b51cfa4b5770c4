// Pipeline secrets in VS Code's SecretStorage (the OS keychain). Values never touch settings,
// workspace state, logs or messages; workspace state keeps only the *names* that are set, so the
// clear command can list them.
import * as vscode from 'vscode';

const NAMES_KEY = 'ansflow.secretNames';

/** Storage key for one secret; `pipeline` is the workspace-relative pipeline path or `*` for all pipelines. */
export function secretKey(pipeline: string, name: string): string {
  return `ansflow.secret:${pipeline}:${name}`;
}

/** Reads, writes and prompts for pipeline secrets. */
export class PipelineSecrets {
  /** Keys already prompted for in this session, so a declined prompt is not repeated per step. */
  private readonly prompted = new Set<string>();

  constructor(private readonly extension: vscode.ExtensionContext) {}

  /** The pipeline's own value, else the workspace-wide one. */
  async get(pipeline: string, name: string): Promise<string | undefined> {
    return (await this.extension.secrets.get(secretKey(pipeline, name))) ?? (await this.extension.secrets.get(secretKey('*', name)));
  }

  async set(pipeline: string, name: string, value: string): Promise<void> {
    await this.extension.secrets.store(secretKey(pipeline, name), value);
    const names = new Set(this.names());
    names.add(`${pipeline}\u0000${name}`);
    await this.extension.workspaceState.update(NAMES_KEY, [...names]);
  }

  async clear(pipeline: string, name: string): Promise<void> {
    await this.extension.secrets.delete(secretKey(pipeline, name));
    await this.extension.workspaceState.update(
      NAMES_KEY,
      this.names().filter((n) => n !== `${pipeline}\u0000${name}`),
    );
  }

  /** `(pipeline, name)` pairs set from this workspace. */
  list(): Array<{ pipeline: string; name: string }> {
    return this.names().map((n) => {
      const [pipeline, name] = n.split('\u0000');
      return { pipeline, name };
    });
  }

  /** A stored value, or one asked for once (masked input) and stored; undefined when declined. */
  async getOrPrompt(pipeline: string, name: string, description?: string): Promise<string | undefined> {
    const value = await this.get(pipeline, name);
    if (value !== undefined) return value;
    const key = secretKey(pipeline, name);
    if (this.prompted.has(key)) return undefined;
    this.prompted.add(key);
    const entered = await vscode.window.showInputBox({
      title: `AnsFlow: secret '${name}' for ${pipeline}`,
      prompt: `${description ? `${description}. ` : ''}Stored in VS Code's secret storage, never in settings or logs.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (entered === undefined || entered === '') return undefined;
    await this.set(pipeline, name, entered);
    this.prompted.delete(key);
    return entered;
  }

  private names(): string[] {
    return this.extension.workspaceState.get<string[]>(NAMES_KEY, []);
  }
}
