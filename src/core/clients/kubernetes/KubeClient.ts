// Raw JSON transport over node:https with client-node doing only authentication (tokens, client
// certificates, exec plugins, OIDC). Bodies stay plain JSON: client-node's typed deserializer
// costs more than the network for large lists, and the trees only need a few fields.
import https from 'node:https';
import http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { CancellationError, ToolError } from '../../contracts/result.js';
import { KubeApiError, unauthorizedMessage } from './KubeApiError.js';
import { fromRaw, loadKubeconfig, type LoadedKubeconfig, type LoadKubeconfigOptions } from './loadKubeconfig.js';
import { describeMissingPlugin, missingExecPlugins } from './resolveExecPlugins.js';

/** Per-request options for {@link KubeClient.request}. */
export interface KubeRequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Extra headers, e.g. `Impersonate-User`. */
  headers?: Record<string, string>;
  /** Socket idle timeout in ms; 0 disables (watches). */
  timeoutMs?: number;
}

/**
 * One connection to one context of a cluster.
 *
 * ```ts
 * const kube = KubeClient.load({ context: 'dev' });
 * const pods = await kube.request('GET', '/api/v1/namespaces/default/pods');
 * ```
 */
export class KubeClient {
  private agent: https.Agent | http.Agent | undefined;

  constructor(readonly config: LoadedKubeconfig) {}

  /** Loads kubeconfig like kubectl (see {@link loadKubeconfig}) and returns a client for it. */
  static load(options: LoadKubeconfigOptions = {}): KubeClient {
    return new KubeClient(loadKubeconfig(options));
  }

  /** client-node's KubeConfig, for the websocket helpers (exec, port-forward). */
  get kc(): KubeConfig {
    return this.config.kc;
  }

  /** The selected context's name. */
  get context(): string {
    return this.config.kc.getCurrentContext();
  }

  /** The namespace used when a call names none. */
  get namespace(): string {
    return this.config.namespace;
  }

  /** The API server URL of the current context. */
  get server(): string {
    return this.config.kc.getCurrentCluster()?.server ?? '';
  }

  /** A client for another context and/or namespace sharing the merged config. */
  withContext(context?: string, namespace?: string): KubeClient {
    return new KubeClient(fromRaw(this.config.raw, this.config.files, { context: context ?? this.context, namespace }));
  }

  private async prepare(method: string, path: string, opts: KubeRequestOptions): Promise<https.RequestOptions & { url: URL }> {
    const user = this.kc.getCurrentUser();
    const missing = missingExecPlugins.get(this.config.raw)?.find((m) => m.user === user?.name);
    if (missing) {
      const d = describeMissingPlugin(missing);
      throw new ToolError('tool-not-found', d.message, d.hint);
    }
    if (!this.server) throw new ToolError('invalid-input', `Kubernetes context "${this.context}" has no cluster server.`);
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const o: https.RequestOptions = { method, headers: { Accept: 'application/json' } };
    try {
      await this.kc.applyToHTTPSOptions(o);
    } catch (e) {
      const msg = (e as Error).message ?? String(e);
      throw new ToolError('auth-failed', `Could not get credentials for context "${this.context}": ${msg.trim()}`, 'Check the credential plugin or log in again.', { cause: e });
    }
    if (!this.agent) {
      this.agent =
        url.protocol === 'http:'
          ? new http.Agent({ keepAlive: true, maxSockets: 16 })
          : new https.Agent({ keepAlive: true, maxSockets: 16, ca: o.ca, cert: o.cert, key: o.key, rejectUnauthorized: o.rejectUnauthorized, servername: o.servername });
    }
    o.agent = this.agent;
    if (opts.contentType) (o.headers as Record<string, string>)['Content-Type'] = opts.contentType;
    Object.assign(o.headers as Record<string, string>, opts.headers);
    return { ...o, url };
  }

  /** Sends one request and returns the raw response (status, body) after following no redirects. */
  async requestRaw(method: string, path: string, opts: KubeRequestOptions = {}): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
    const o = await this.prepare(method, path, opts);
    const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    if (payload !== undefined && !opts.contentType) (o.headers as Record<string, string>)['Content-Type'] = 'application/json';
    // Node sends DELETE bodies without chunked encoding; without a length the server would read the
    // body as the next request on the kept-alive socket.
    if (payload !== undefined) (o.headers as Record<string, string>)['Content-Length'] = String(Buffer.byteLength(payload));
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new CancellationError());
      const mod = o.url.protocol === 'http:' ? http : https;
      const req = mod.request(o.url, { ...o, signal: opts.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', (e) => reject(this.wrapNetworkError(e, opts.signal)));
      if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new ToolError('timeout', `Kubernetes API request timed out after ${opts.timeoutMs} ms`)));
      req.end(payload);
    });
  }

  /** Sends one request; parses JSON; throws {@link KubeApiError} for non-2xx answers. */
  async request<T = unknown>(method: string, path: string, opts: KubeRequestOptions = {}): Promise<T> {
    const res = await this.requestRaw(method, path, opts);
    const text = res.body.toString('utf8');
    if (res.status >= 200 && res.status < 300) {
      const ct = String(res.headers['content-type'] ?? '');
      return (ct.includes('json') && text ? JSON.parse(text) : text) as T;
    }
    throw this.statusError(res.status, text, method, path);
  }

  /** Turns an apiserver answer into a {@link KubeApiError} carrying its Status reason. */
  statusError(status: number, text: string, method: string, path: string): KubeApiError {
    let reason = '';
    let message = text.trim() || `HTTP ${status}`;
    try {
      const s = JSON.parse(text) as { reason?: string; message?: string };
      reason = s.reason ?? '';
      message = s.message ?? message;
    } catch {
      /* not a Status object */
    }
    if (status === 401) {
      const u = unauthorizedMessage(this.context, this.kc.getCurrentUser()?.name ?? '', `${method} ${path}: ${message}`);
      return new KubeApiError(status, reason, u.message, u.hint);
    }
    const hint = status === 403 ? 'Your user lacks RBAC permission for this call.' : undefined;
    return new KubeApiError(status, reason, `${method} ${path}: ${message}`, hint);
  }

  /**
   * Streams a GET response line by line (watch events, follow logs). Ends when the server closes
   * the stream or `signal` aborts; aborting ends iteration without an error.
   */
  async *streamLines(path: string, opts: KubeRequestOptions = {}): AsyncGenerator<string> {
    const o = await this.prepare('GET', path, opts);
    const mod = o.url.protocol === 'http:' ? http : https;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      // A stream holds its connection for minutes (a watch, followed logs): it gets a connection of its
      // own (agent: false, same TLS options), never one of the pooled sockets requests share; with the
      // pool's 16 all held by watches, every list and access review used to wait behind them for good.
      const req = mod.request(o.url, { ...o, agent: false, signal: opts.signal }, resolve);
      req.on('error', (e) => reject(this.wrapNetworkError(e, opts.signal)));
      req.end();
    });
    if ((res.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw this.statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), 'GET', path);
    }
    let rest = '';
    try {
      res.setEncoding('utf8');
      for await (const chunk of res as AsyncIterable<string>) {
        rest += chunk;
        let nl: number;
        while ((nl = rest.indexOf('\n')) >= 0) {
          yield rest.slice(0, nl);
          rest = rest.slice(nl + 1);
        }
      }
      if (rest) yield rest;
    } catch (e) {
      if (opts.signal?.aborted) return;
      throw this.wrapNetworkError(e as Error, opts.signal);
    } finally {
      res.destroy();
    }
  }

  private wrapNetworkError(e: Error, signal?: AbortSignal): Error {
    if (signal?.aborted || e.name === 'AbortError') return new CancellationError();
    if (e instanceof ToolError) return e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET' || code === 'ETIMEDOUT') {
      return new ToolError('engine-unreachable', `Cannot reach the Kubernetes API at ${this.server} (${code}).`, `Check that the cluster of context "${this.context}" is running.`, { cause: e });
    }
    return new ToolError('tool-failed', `Kubernetes API request failed: ${e.message}`, undefined, { cause: e });
  }

  /** Closes pooled connections. */
  dispose(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}
