import { ToolError } from '../../contracts/result.js';
import { findExecutable } from '../kubernetes/resolveExecPlugins.js';

/** Advice shown whenever helm is missing. */
export const HELM_INSTALL_HINT = 'Install Helm 3: https://helm.sh/docs/intro/install/ (or set "ansflow.helmPath" to the helm executable).';

/**
 * Finds the helm executable: the configured path, else `helm` on PATH or in the usual install
 * folders (/usr/local/bin, ~/.local/bin, /opt/homebrew/bin, …). Throws `tool-not-found` otherwise.
 */
export function findHelm(configured?: string, env: Record<string, string | undefined> = process.env): string {
  if (configured) {
    const p = findExecutable(configured, env);
    if (!p) throw new ToolError('tool-not-found', `The configured helm executable "${configured}" was not found or is not executable.`, HELM_INSTALL_HINT);
    return p;
  }
  const p = findExecutable('helm', env);
  if (!p) throw new ToolError('tool-not-found', 'helm was not found on PATH or in the usual install folders.', HELM_INSTALL_HINT);
  return p;
}
