// Where the Docker engine is, resolved the way the docker CLI does: DOCKER_HOST (+ DOCKER_TLS_VERIFY /
// DOCKER_CERT_PATH), else DOCKER_CONTEXT, else `currentContext` of $DOCKER_CONFIG/config.json, whose
// endpoint lives in contexts/meta/<sha256(name)>/meta.json (TLS files in contexts/tls/<sha256>/docker/),
// else the default socket.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { ToolError } from '../../contracts/result.js';

/** A resolved engine endpoint and where it came from (shown in the Containers view and errors). */
export interface DockerConnection {
  /** `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2376`, `ssh://user@host`, `npipe:////./pipe/docker_engine`. */
  host: string;
  source: 'DOCKER_HOST' | 'context' | 'default';
  context?: string;
  tls?: { ca?: string; cert?: string; key?: string; verify: boolean };
  /** Options for `new Dockerode(...)`. */
  options: Dockerode.DockerOptions;
}

/** Inputs of {@link resolveDockerConnection}; defaults are the process's. */
export interface ResolveDockerOptions {
  env?: Record<string, string | undefined>;
  home?: string;
  platform?: NodeJS.Platform;
}

/** The docker CLI's config folder ($DOCKER_CONFIG or ~/.docker). */
export function dockerConfigDir(env: Record<string, string | undefined> = process.env, home = homedir()): string {
  return env.DOCKER_CONFIG || join(home, '.docker');
}

/** Resolves the engine endpoint; throws ToolError('invalid-input') for a context that does not exist. */
export function resolveDockerConnection(o: ResolveDockerOptions = {}): DockerConnection {
  const env = o.env ?? process.env;
  const platform = o.platform ?? process.platform;
  const configDir = dockerConfigDir(env, o.home ?? homedir());
  if (env.DOCKER_HOST) {
    const verify = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
    const certDir = env.DOCKER_CERT_PATH || (verify ? configDir : undefined);
    const tls = certDir && (verify || env.DOCKER_CERT_PATH) ? readTls(certDir, verify) : undefined;
    return { host: env.DOCKER_HOST, source: 'DOCKER_HOST', tls, options: toDockerodeOptions(env.DOCKER_HOST, tls, env) };
  }
  let context = env.DOCKER_CONTEXT;
  if (!context) {
    try {
      const cfg = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { currentContext?: string };
      context = cfg.currentContext;
    } catch {
      // no or unreadable config: the default context
    }
  }
  if (context && context !== 'default') {
    const id = createHash('sha256').update(context).digest('hex');
    const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
    let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
    try {
      meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    } catch (e) {
      throw new ToolError('invalid-input', `Docker context '${context}' was not found (${metaFile})`, 'Run `docker context ls`, or `docker context use default`.', { cause: e });
    }
    const ep = meta.Endpoints?.docker;
    if (!ep?.Host) throw new ToolError('invalid-input', `Docker context '${context}' has no docker endpoint`);
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    const tls = existsSync(tlsDir) ? readTls(tlsDir, !ep.SkipTLSVerify) : undefined;
    return { host: ep.Host, source: 'context', context, tls, options: toDockerodeOptions(ep.Host, tls, env) };
  }
  const host = platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
  return { host, source: 'default', context: context ?? undefined, options: toDockerodeOptions(host, undefined) };
}

function readTls(dir: string, verify: boolean): DockerConnection['tls'] {
  const read = (f: string): string | undefined => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), verify };
}

/** Turns a docker host URL into dockerode options (`env` supplies SSH_AUTH_SOCK for ssh:// hosts). */
export function toDockerodeOptions(host: string, tls: DockerConnection['tls'], env: Record<string, string | undefined> = process.env): Dockerode.DockerOptions {
  const url = new URL(host.replace(/^npipe:\/\/\/\//, 'npipe://x/'));
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'npipe:':
      return { socketPath: host.replace(/^npipe:\/\//, '').replace(/\//g, '\\') };
    case 'ssh:':
      // dockerode runs `docker system dial-stdio` over ssh2, which authenticates through the agent only.
      return { protocol: 'ssh', host: url.hostname, port: url.port || 22, username: url.username || undefined, sshOptions: { agent: env.SSH_AUTH_SOCK } };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const secure = url.protocol === 'https:' || !!tls;
      return {
        protocol: secure ? 'https' : 'http',
        host: url.hostname,
        port: url.port || (secure ? 2376 : 2375),
        ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
      };
    }
    default:
      throw new ToolError('invalid-input', `Unsupported Docker host '${host}'`, 'Use unix://, tcp://, ssh:// or npipe://.');
  }
}

/** The error to show when `conn` does not answer a ping. */
export function engineUnreachableError(conn: DockerConnection, cause: unknown): ToolError {
  const from = conn.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : conn.source === 'context' ? `docker context '${conn.context}'` : 'the default socket';
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ToolError(
    'engine-unreachable',
    `No Docker engine answered at ${conn.host} (from ${from}): ${detail}`,
    conn.host.startsWith('ssh://')
      ? sshHint(detail)
      : conn.source === 'default'
      ? 'Start Docker (e.g. `sudo systemctl start docker` or Docker Desktop), or set DOCKER_HOST / `docker context use`.'
      : 'Check that the engine is running and reachable, or change DOCKER_HOST / the docker context.',
    { cause },
  );
}

/** What to try when an ssh:// engine fails: ssh2 reports auth, host and remote-command failures in different words. */
function sshHint(detail: string): string {
  if (/authentication methods failed|no (auth|agent)|agent/i.test(detail)) return 'Load your key into ssh-agent (`ssh-add`) and make sure SSH_AUTH_SOCK is set where VS Code runs; `ssh HOST docker version` must work without a password prompt.';
  if (/docker.*(not found|no such)|dial-stdio|exit code 127/i.test(detail)) return 'The ssh host has no usable `docker` command: install the docker CLI there (it runs `docker system dial-stdio`).';
  return 'Check that `ssh HOST docker version` works from this machine (host reachable, key in ssh-agent, docker installed there).';
}
