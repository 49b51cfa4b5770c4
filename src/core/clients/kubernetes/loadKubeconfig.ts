// Kubeconfig loading with kubectl's merge rules (see k8s.io/client-go/tools/clientcmd loader.go):
// files from KUBECONFIG are read in order, the first file to define a cluster/user/context name
// wins, and the first non-empty current-context wins. Relative paths resolve against the folder
// of the file that holds them (made absolute first, as client-go does for a relative KUBECONFIG
// entry), before merging, so a later file cannot re-root an earlier file's paths. Files are read
// as YAML 1.1 (yes/on booleans, `<<` merge keys, repeated keys: last wins) like kubectl's decoder.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeConfig } from '@kubernetes/client-node';
import { clientNode } from '../../lazy/clientNode.js';
import { ToolError } from '../../contracts/result.js';
import { resolveExecPlugins } from './resolveExecPlugins.js';
import { kubeconfigProblem } from './validateKubeconfig.js';

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

/**
 * A loaded kubeconfig: client-node's object plus the merged raw view and where it came from. `kc` is
 * built at its first read (client-node loads then): listing contexts needs only `raw`.
 */
export interface LoadedKubeconfig {
  readonly kc: KubeConfig;
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
  // A set KUBECONFIG is used even when it lists nothing (KUBECONFIG=":" loads no file, like kubectl).
  if (env.KUBECONFIG) return [...new Set(env.KUBECONFIG.split(delimiter).filter(Boolean))];
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

/** Merges raw kubeconfig documents in order; the first definition of each name wins. */
export function mergeKubeconfigs(docs: Array<{ file?: string; doc: unknown }>): RawKubeconfig {
  const out: RawKubeconfig = { clusters: [], users: [], contexts: [] };
  const preferences: Record<string, unknown> = {};
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const { file, doc } of docs) {
    if (!doc || typeof doc !== 'object') continue;
    const d = doc as Record<string, unknown>;
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      const list = Array.isArray(d[key]) ? (d[key] as Named[]) : [];
      for (const entry of list) {
        // kubectl keys entries by name; a nameless entry is the one named "".
        const named = { ...(entry ?? {}), name: typeof entry?.name === 'string' ? entry.name : '' } as Named;
        if (seen[key].has(named.name)) continue;
        seen[key].add(named.name);
        out[key].push(file && key !== 'contexts' ? absolutize(named, key, dirname(resolve(file))) : named);
      }
    }
    const cc = d['current-context'];
    if (!out['current-context'] && typeof cc === 'string' && cc) out['current-context'] = cc;
    // preferences merge field by field, the first file to set a field wins.
    for (const [k, v] of Object.entries(obj(d.preferences))) if (!(k in preferences) && v !== null && v !== false) preferences[k] = v;
  }
  if (Object.keys(preferences).length > 0) out.preferences = preferences;
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
  const { raw, files } = loadRawKubeconfig(options);
  if (raw.contexts.length === 0 && raw.clusters.length === 0 && raw.users.length === 0) {
    throw new ToolError('invalid-input', `No Kubernetes contexts found (looked in ${kubeconfigFiles(env, options.kubeconfig).join(', ') || 'no file: KUBECONFIG lists none'}).`, 'Set KUBECONFIG or create ~/.kube/config.');
  }
  return fromRaw(raw, files, options);
}

/** Reads, checks and merges the kubeconfig files (what `kubectl config view --merge` shows, with paths made absolute). */
export function loadRawKubeconfig(options: Pick<LoadKubeconfigOptions, 'kubeconfig' | 'env'> = {}): { raw: RawKubeconfig; files: string[] } {
  const files = kubeconfigFiles(options.env ?? process.env, options.kubeconfig).filter((f) => existsSync(f));
  const docs = files.map((file) => ({ file, doc: parseKubeconfig(file, readFileSync(file, 'utf8')) }));
  return { raw: mergeKubeconfigs(docs), files };
}

/** Parses one kubeconfig file's text as kubectl does; throws {@link ToolError} for a file kubectl refuses. */
export function parseKubeconfig(file: string, text: string): unknown {
  const fail = (why: string, cause?: unknown) =>
    new ToolError('invalid-input', `Kubeconfig ${file} cannot be loaded: ${why}`, 'Fix the file or remove it from KUBECONFIG.', cause ? { cause } : undefined);
  // kubectl reads the first YAML document; a trailing `---` just opens an empty one.
  const [first] = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false });
  if (!first) return null;
  if (first.errors.length > 0) throw fail(first.errors[0]!.message, first.errors[0]);
  const doc: unknown = first.toJS({ maxAliasCount: 1000 });
  const problem = kubeconfigProblem(doc);
  if (problem) throw fail(problem);
  return doc;
}

/** Builds a {@link LoadedKubeconfig} from an already-merged raw document (used by tests and context switching). */
export function fromRaw(raw: RawKubeconfig, files: string[], options: Pick<LoadKubeconfigOptions, 'context' | 'namespace' | 'env'> = {}): LoadedKubeconfig {
  const resolved = resolveExecPlugins(raw, options.env ?? process.env);
  // No current-context means none, as in kubectl (namespace `default`), not the first context.
  const currentContext = options.context ?? resolved['current-context'] ?? '';
  const contexts = resolved.contexts.map(toContext);
  if (options.context && !contexts.some((c) => c.name === options.context)) {
    throw new ToolError('not-found', `Kubernetes context "${options.context}" does not exist.`, `Known contexts: ${resolved.contexts.map((c) => c.name).join(', ') || 'none'}.`);
  }
  const ctx = currentContext ? contexts.find((c) => c.name === currentContext) : undefined;
  const namespace = options.namespace || ctx?.namespace || 'default';
  let kc: KubeConfig | undefined;
  return {
    get kc(): KubeConfig {
      if (!kc) {
        kc = new (clientNode().KubeConfig)();
        kc.loadFromOptions({ clusters: resolved.clusters.map(toCluster), users: resolved.users.map(toUser), contexts, currentContext });
      }
      return kc;
    },
    raw: resolved,
    files,
    namespace,
  };
}

/** The contexts of a merged kubeconfig with their cluster's server, in file order (without client-node). */
export function kubeContexts(raw: RawKubeconfig): Array<{ name: string; cluster: string; user: string; namespace?: string; server: string }> {
  const servers = new Map<string, string>();
  // client-node keeps the first of two same-named clusters, as kubectl does.
  for (const c of raw.clusters.map(toCluster)) if (!servers.has(c.name)) servers.set(c.name, c.server);
  return raw.contexts.map(toContext).map((c) => ({ ...c, server: servers.get(c.cluster) ?? '' }));
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function toCluster(e: Named) {
  const c = obj(e.cluster);
  const caData = str(c['certificate-authority-data']);
  return {
    name: e.name,
    server: (str(c.server) ?? '').replace(/\/+$/, ''),
    // client-go uses the inline CA data when both forms are given.
    caData,
    caFile: caData ? undefined : str(c['certificate-authority']),
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
    // client-node ignores a user's tokenFile; read it once here (kubectl re-reads it, tokens rarely rotate
    // mid-session). A tokenFile wins over an inline token, as in client-go.
    token: readTokenFile(u.tokenFile) ?? str(u.token),
    username: u.username,
    password: u.password,
    impersonateUser: u.as,
  };
}

function toContext(e: Named) {
  const c = obj(e.context);
  // A context without a cluster still exists for kubectl and keeps its namespace.
  return { name: e.name, cluster: str(c.cluster) ?? '', user: str(c.user) ?? '', namespace: str(c.namespace) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function readTokenFile(file: unknown): string | undefined {
  if (typeof file !== 'string' || !file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
