// `values:` written inline as a map: Helm reads it from a 0600 YAML file in a fresh 0700 folder in
// the run's folder, passed with `--values` after the named values files (the later file wins, as in helm), and removed
// after the command. Values are data in that file, never `--set` syntax, and stay off the command line.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateTempDir } from '../../runFolder.js';
import { stringify } from 'yaml';
import type { HelmInstallOptions } from '../../../clients/helm/helmCommands.js';

/** Runs `fn` with `o` plus the inline `values` map of `with` (if any) as a temporary values file. */
export async function withInlineValues<T>(w: Record<string, unknown>, o: HelmInstallOptions, fn: (o: HelmInstallOptions) => Promise<T>): Promise<T> {
  const v = w.values;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fn(o);
  const dir = makePrivateTempDir('ansflow-helm-values-');
  const file = join(dir, 'values.yaml');
  try {
    // Helm reads YAML 1.1, where a bare `n`, `yes` or `on` is a boolean: written as 1.1, such strings are quoted.
    writeFileSync(file, stringify(v, { version: '1.1' }), { mode: 0o600 });
    chmodSync(file, 0o600);
    return await fn({ ...o, valuesFiles: [...(o.valuesFiles ?? []), file] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
