// The docker CLI's context store, read the way `docker context ls` shows it: a built-in `default`
// context (DOCKER_HOST or the default socket) plus one folder per named context under
// $DOCKER_CONFIG/contexts/meta/<sha256(name)>/meta.json. Source of truth: docker/cli
// `cli/context/store` (metadata layout) and `cli/command/context/list.go` (what is current).
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dockerConfigDir, resolveDockerConnection, type DockerConnection, type ResolveDockerOptions } from './dockerConnection.js';

/** One row of {@link listDockerContexts}. */
export interface DockerContextInfo {
  name: string;
  description?: string;
  /** The docker endpoint, e.g. `unix:///var/run/docker.sock` or `ssh://me@build-host`. */
  host?: string;
  current: boolean;
}

/** The name of the context the docker CLI would use: DOCKER_CONTEXT, else config.json `currentContext`, else `default`. */
export function currentDockerContextName(o: ResolveDockerOptions = {}): string {
  const env = o.env ?? process.env;
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  try {
    const cfg = JSON.parse(readFileSync(join(dockerConfigDir(env, o.home ?? homedir()), 'config.json'), 'utf8')) as { currentContext?: unknown };
    if (typeof cfg.currentContext === 'string' && cfg.currentContext) return cfg.currentContext;
  } catch {
    // no or unreadable config: the default context
  }
  return 'default';
}

/** The contexts of the store, `default` first, the others by name; unreadable entries are skipped. */
export function listDockerContexts(o: ResolveDockerOptions = {}): DockerContextInfo[] {
  const env = o.env ?? process.env;
  const current = currentDockerContextName(o);
  const defaultHost = resolveDockerConnection({ ...o, env: { ...env, DOCKER_CONTEXT: 'default' } }).host;
  const rows: DockerContextInfo[] = [{ name: 'default', description: 'Current DOCKER_HOST based configuration', host: defaultHost, current: current === 'default' }];
  const metaDir = join(dockerConfigDir(env, o.home ?? homedir()), 'contexts', 'meta');
  let entries: string[] = [];
  try {
    entries = readdirSync(metaDir);
  } catch {
    // no store yet: only the default context exists
  }
  const named: DockerContextInfo[] = [];
  for (const id of entries) {
    try {
      const meta = JSON.parse(readFileSync(join(metaDir, id, 'meta.json'), 'utf8')) as {
        Name?: unknown;
        Metadata?: { Description?: unknown };
        Endpoints?: { docker?: { Host?: unknown } };
      };
      if (typeof meta.Name !== 'string' || meta.Name === 'default') continue;
      const host = meta.Endpoints?.docker?.Host;
      const description = meta.Metadata?.Description;
      named.push({
        name: meta.Name,
        description: typeof description === 'string' && description ? description : undefined,
        host: typeof host === 'string' ? host : undefined,
        current: meta.Name === current,
      });
    } catch {
      // a half-written or foreign folder: `docker context ls` skips it too
    }
  }
  named.sort((a, b) => a.name.localeCompare(b.name));
  return [...rows, ...named];
}

/**
 * The connection for a context picked by name (the editor's context switch). DOCKER_HOST only
 * applies to `default`, as with `docker --context NAME`, which ignores DOCKER_HOST.
 */
export function connectionForContext(name: string, o: ResolveDockerOptions = {}): DockerConnection {
  const env: Record<string, string | undefined> = { ...(o.env ?? process.env), DOCKER_CONTEXT: name };
  if (name !== 'default') delete env.DOCKER_HOST;
  const conn = resolveDockerConnection({ ...o, env });
  return name === 'default' ? { ...conn, context: 'default' } : conn;
}

/** A short label for the connected engine: `ssh://me@host (context remote)`, `unix:///run/docker.sock (DOCKER_HOST)`. */
export function describeDockerConnection(conn: DockerConnection): string {
  const from = conn.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : conn.source === 'context' ? `context ${conn.context}` : 'default socket';
  return `${conn.host} (${from})`;
}
