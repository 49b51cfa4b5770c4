// Where secret values come from. The runner asks once per run for every secret the pipeline
// declares; the values feed `${{ secrets.* }}` and the masker, and never reach the model or history.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { SecretSpec } from '../../pipeline/model.js';
import { ToolError } from '../../contracts/result.js';

/** Resolves declared secrets to values (the CLI: environment and files; the editor: SecretStorage). */
export interface SecretProvider {
  /** Returns the value, or undefined when this provider has none. */
  resolve(spec: SecretSpec): Promise<string | undefined>;
}

/** Options for {@link EnvFileSecretProvider}. */
export interface EnvFileSecretProviderOptions {
  env: Record<string, string | undefined>;
  /** Folder relative `file:` sources resolve against. */
  baseDir: string;
}

/**
 * The CLI's provider: `env:` sources read the variable, `file:` sources read the file (trailing
 * newline trimmed), and `secretStorage:` sources fall back to `ANSFLOW_SECRET_<NAME>`.
 */
export class EnvFileSecretProvider implements SecretProvider {
  constructor(private readonly options: EnvFileSecretProviderOptions) {}

  async resolve(spec: SecretSpec): Promise<string | undefined> {
    const src = spec.source;
    switch (src.kind) {
      case 'env':
        return this.options.env[src.variable];
      case 'file': {
        const path = isAbsolute(src.path) ? src.path : resolve(this.options.baseDir, src.path);
        try {
          return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
        } catch {
          return undefined;
        }
      }
      case 'secretStorage':
        return this.options.env[`ANSFLOW_SECRET_${spec.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
    }
  }
}

/** A provider over a fixed map, for callers that already hold the values. */
export class StaticSecretProvider implements SecretProvider {
  constructor(private readonly values: Record<string, string>) {}

  async resolve(spec: SecretSpec): Promise<string | undefined> {
    return this.values[spec.name];
  }
}

function describeSource(spec: SecretSpec): string {
  const s = spec.source;
  return s.kind === 'env' ? `environment variable ${s.variable}` : s.kind === 'file' ? `file ${s.path}` : 'secret storage';
}

/** Resolves every declared secret; a missing required one is a ToolError naming where it was looked for. */
export async function resolveSecrets(specs: SecretSpec[], provider: SecretProvider | undefined): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const value = provider ? await provider.resolve(spec) : undefined;
    if (value !== undefined) out[spec.name] = value;
    else if (spec.required) {
      throw new ToolError('invalid-input', `secret '${spec.name}' has no value`, `Provide it through the ${describeSource(spec)}.`);
    }
  }
  return out;
}
