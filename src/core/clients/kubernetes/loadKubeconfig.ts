// Kubeconfig loading with kubectl's merge rules (see k8s.io/client-go/tools/clientcmd loader.go):
// files from KUBECONFIG are read in order, the first file to define a cluster/user/context name
// wins, and the first non-empty current-context wins. Relative paths resolve against the file
// that holds them, before merging, so a later file cannot re-root an earlier file's paths.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KubeConfig } from '@kubernetes/client-node';
import { ToolError } from '../../contracts/result.js';
import { resolveExecPlugins } from './resolveExecPlugins.js';

type Named = { name: string; [k: string]: unknown };

/** The raw, merged kubeconfig document (kubectl's on-disk shape). */
export interface RawKubeconfig {
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  'current-context'?: string;
  preferences?: unknown;
}

/** Options for {@link loadKubeconfig}. */
export interface LoadKubeconfigOptions {
  /** Explicit kubeconfig path(s); wins over KUBECONFIG. */
  kubeconfig?: string | string[];
  /** Environment to read KUBECONFIG, HOME and PATH from (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** Context to select instead of current-context. */
  context?: string;
  /** Namespace overriding the context's namespace. */
  namespace?: string;
}

/** A loaded kubeconfig: client-node's object plus the merged raw view and where it came from. */
export interface LoadedKubeconfig {
  kc: KubeConfig;
  raw: RawKubeconfig;
  files: string[];
  /** Namespace in effect: explicit option, else the context's, else `default`. */
  namespace: string;
}

const PATH_KEYS: Record<'clusters' | 'users', string[]> = {
  clusters: ['certificate-authority'],
  users: ['client-certificate', 'client-key', 'tokenFile'],
};

/** The kubeconfig file list kubectl would use: KUBECONFIG entries in order, else ~/.kube/config. */
export function kubeconfigFiles(env: Record<string, string | undefined> = process.env, explicit?: string | string[]): string[] {
  if (explicit) return (Array.isArray(explicit) ? explicit : explicit.split(delimiter)).filter(Boolean);
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (fromEnv.length > 0) return [...new Set(fromEnv)];
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

/** Merges raw kubeconfig documents in order; the first definition of each name wins. */
export function mergeKubeconfigs(docs: Array<{ file?: string; doc: unknown }>): RawKubeconfig {
  const out: RawKubeconfig = { clusters: [], users: [], contexts: [] };
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const { file, doc } of docs) {
    if (!doc || typeof doc !== 'object') continue;
    const d = doc as Record<string, unknown>;
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      const list = Array.isArray(d[key]) ? (d[key] as Named[]) : [];
      for (const entry of list) {
        if (!entry || typeof entry.name !== 'string' || seen[key].has(entry.name)) continue;
        seen[key].add(entry.name);
        out[key].push(file && key !== 'contexts' ? absolutize(entry, key, dirname(file)) : entry);
      }
    }
    const cc = d['current-context'];
    if (!out['current-context'] && typeof cc === 'string' && cc) out['current-context'] = cc;
  }
  return out;
}

function absolutize(entry: Named, key: 'clusters' | 'users', root: string): Named {
  const inner = key === 'clusters' ? 'cluster' : 'user';
  const body = entry[inner];
  if (!body || typeof body !== 'object') return entry;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const k of PATH_KEYS[key]) {
    const v = copy[k];
    if (typeof v === 'string' && v && !isAbsolute(v)) copy[k] = join(root, v);
  }
  // A relative exec command with a slash is relative to the kubeconfig file (client-go rule).
  const exec = copy.exec as Record<string, unknown> | undefined;
  if (exec && typeof exec.command === 'string' && exec.command.includes('/') && !isAbsolute(exec.command)) {
    copy.exec = { ...exec, command: join(root, exec.command) };
  }
  return { ...entry, [inner]: copy };
}

/**
 * Loads and merges kubeconfig files like kubectl, selects a context and namespace, and resolves
 * exec credential plugins against common install folders. Throws {@link ToolError} with code
 * `invalid-input` when nothing usable is found.
 */
export function loadKubeconfig(options: LoadKubeconfigOptions = {}): LoadedKubeconfig {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(env, options.kubeconfig).filter((f) => existsSync(f));
  const docs: Array<{ file: string; doc: unknown }> = [];
  for (const file of files) {
    try {
      docs.push({ file, doc: parseYaml(readFileSync(file, 'utf8')) });
    } catch (e) {
      throw new ToolError('invalid-input', `Kubeconfig ${file} is not valid YAML: ${(e as Error).message}`, 'Fix the file or remove it from KUBECONFIG.', { cause: e });
    }
  }
  const raw = mergeKubeconfigs(docs);
  if (raw.contexts.length === 0 && raw.clusters.length === 0) {
    throw new ToolError('invalid-input', `No Kubernetes contexts found (looked in ${kubeconfigFiles(env, options.kubeconfig).join(', ')}).`, 'Set KUBECONFIG or create ~/.kube/config.');
  }
  return fromRaw(raw, files, options);
}

/** Builds a {@link LoadedKubeconfig} from an already-merged raw document (used by tests and context switching). */
export function fromRaw(raw: RawKubeconfig, files: string[], options: Pick<LoadKubeconfigOptions, 'context' | 'namespace' | 'env'> = {}): LoadedKubeconfig {
  const resolved = resolveExecPlugins(raw, options.env ?? process.env);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: resolved.clusters.map(toCluster).filter(Boolean),
    users: resolved.users.map(toUser),
    contexts: resolved.contexts.map(toContext).filter(Boolean),
    currentContext: options.context ?? resolved['current-context'] ?? resolved.contexts[0]?.name,
  });
  if (options.context && !kc.getContextObject(options.context)) {
    throw new ToolError('not-found', `Kubernetes context "${options.context}" does not exist.`, `Known contexts: ${resolved.contexts.map((c) => c.name).join(', ') || 'none'}.`);
  }
  const ctx = kc.getContextObject(kc.getCurrentContext());
  const namespace = options.namespace || ctx?.namespace || 'default';
  return { kc, raw: resolved, files, namespace };
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function toCluster(e: Named) {
  const c = obj(e.cluster);
  if (typeof c.server !== 'string') return undefined;
  return {
    name: e.name,
    server: c.server.replace(/\/+$/, ''),
    caData: c['certificate-authority-data'],
    caFile: c['certificate-authority'],
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: c['tls-server-name'],
    proxyUrl: c['proxy-url'],
  };
}

function toUser(e: Named) {
  const u = obj(e.user);
  return {
    name: e.name,
    authProvider: u['auth-provider'],
    certData: u['client-certificate-data'],
    certFile: u['client-certificate'],
    exec: u.exec,
    keyData: u['client-key-data'],
    keyFile: u['client-key'],
    // client-node ignores a user's tokenFile; read it once here (kubectl re-reads it, tokens rarely rotate mid-session).
    token: u.token ?? readTokenFile(u.tokenFile),
    username: u.username,
    password: u.password,
    impersonateUser: u.as,
  };
}

function toContext(e: Named) {
  const c = obj(e.context);
  if (typeof c.cluster !== 'string') return undefined;
  return { name: e.name, cluster: c.cluster, user: typeof c.user === 'string' ? c.user : '', namespace: c.namespace };
}

function readTokenFile(file: unknown): string | undefined {
  if (typeof file !== 'string' || !file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
