// Registry credentials the way the docker CLI finds them: explicit ones first, then
// $DOCKER_CONFIG/config.json `credHelpers[registry]` / `credsStore` (a `docker-credential-*` helper,
// run as a ToolCommand), then base64 `auths[registry].auth`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolCommand } from '../../contracts/StepType.js';
import { ToolError } from '../../contracts/result.js';
import { dockerConfigDir } from './dockerConnection.js';

/** Credentials in the shape of the Engine API's X-Registry-Auth header. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/** The index key Docker Hub credentials are stored under. */
export const DOCKER_HUB = 'https://index.docker.io/v1/';

/** The registry part of an image reference (`docker.io` refs map to {@link DOCKER_HUB}). */
export function registryOf(ref: string): string {
  const first = ref.split('/')[0];
  if (ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return DOCKER_HUB;
}

/** `docker-credential-<helper> get` for `registry`, as data. */
export function getCredentialHelperCommand(helper: string, registry: string): ToolCommand<RegistryAuth | undefined> {
  return {
    command: `docker-credential-${helper}`,
    args: ['get'],
    input: registry,
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) {
        if (/credentials not found/i.test(stdout + stderr)) return undefined;
        throw new ToolError('auth-failed', `docker-credential-${helper} failed: ${(stderr || stdout).trim()}`);
      }
      const r = JSON.parse(stdout) as { Username?: string; Secret?: string };
      if (r.Username === '<token>') return { identitytoken: r.Secret, serveraddress: registry };
      return { username: r.Username, password: r.Secret, serveraddress: registry };
    },
  };
}

/** Looks up stored credentials; `runHelper` runs a credential helper ToolCommand (omit to skip helpers). */
export async function findRegistryAuth(
  ref: string,
  options: { env?: Record<string, string | undefined>; home?: string; runHelper?: <T>(cmd: ToolCommand<T>) => Promise<T> } = {},
): Promise<RegistryAuth | undefined> {
  const registry = registryOf(ref);
  let cfg: { auths?: Record<string, { auth?: string; identitytoken?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    cfg = JSON.parse(readFileSync(join(dockerConfigDir(options.env, options.home), 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const helper = cfg.credHelpers?.[registry] ?? cfg.credsStore;
  if (helper && options.runHelper) {
    const found = await options.runHelper(getCredentialHelperCommand(helper, registry));
    if (found) return found;
  }
  const keys = registry === DOCKER_HUB ? [DOCKER_HUB, 'docker.io', 'index.docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
  for (const k of keys) {
    const entry = cfg.auths?.[k];
    if (!entry) continue;
    if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: registry };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: registry };
    }
  }
  return undefined;
}
