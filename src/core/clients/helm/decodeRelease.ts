// Helm 3 storage format (helm.sh/helm/v3 pkg/storage/driver/util.go): a release is JSON, gzipped,
// then base64 (StdEncoding). The Secret driver puts that string under data.release, and the API
// base64-encodes Secret data once more; the ConfigMap driver stores the string as is.
import { gunzipSync } from 'node:zlib';
import { ToolError } from '../../contracts/result.js';

/** Release states as Helm writes them. */
export type HelmReleaseStatus = 'unknown' | 'deployed' | 'uninstalled' | 'superseded' | 'failed' | 'uninstalling' | 'pending-install' | 'pending-upgrade' | 'pending-rollback';

/** One revision of a release, decoded. */
export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  status: HelmReleaseStatus;
  description: string;
  firstDeployed?: string;
  lastDeployed?: string;
  chartName: string;
  chartVersion: string;
  appVersion: string;
  /** User-supplied values (`helm get values`). */
  values: Record<string, unknown>;
  /** The chart's default values. */
  chartValues: Record<string, unknown>;
  manifest: string;
  notes: string;
  /** Hook resources (`helm get hooks`), in the order Helm stored them. */
  hooks: HelmHook[];
  /** Where it is stored. */
  storage: 'secret' | 'configmap';
}

/** One hook of a release: its manifest and the events that run it. */
export interface HelmHook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: string[];
  /** Phase of its last run (`Succeeded`, `Failed`, …), when it ran. */
  lastRunPhase?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** Decodes Helm's release string (base64 of optionally gzipped JSON) into the raw release JSON. */
export function decodeReleaseString(encoded: string): Record<string, unknown> {
  const bytes = Buffer.from(encoded, 'base64');
  const plain = bytes.length >= 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b) ? gunzipSync(bytes) : bytes;
  try {
    return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ToolError('invalid-input', 'Helm release data is not valid JSON after decoding.', undefined, { cause: e });
  }
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Maps Helm's release JSON to {@link HelmRelease}. */
export function toHelmRelease(raw: Any, storage: 'secret' | 'configmap', fallbackNamespace = ''): HelmRelease {
  const info = (raw.info ?? {}) as Any;
  const md = (raw.chart?.metadata ?? {}) as Any;
  return {
    name: String(raw.name ?? ''),
    namespace: String(raw.namespace ?? fallbackNamespace),
    revision: Number(raw.version ?? 0),
    status: (info.status ?? 'unknown') as HelmReleaseStatus,
    description: String(info.description ?? ''),
    firstDeployed: info.first_deployed,
    lastDeployed: info.last_deployed,
    chartName: String(md.name ?? ''),
    chartVersion: String(md.version ?? ''),
    appVersion: String(md.appVersion ?? ''),
    values: (raw.config ?? {}) as Record<string, unknown>,
    chartValues: (raw.chart?.values ?? {}) as Record<string, unknown>,
    manifest: String(raw.manifest ?? ''),
    notes: String(info.notes ?? ''),
    hooks: Array.isArray(raw.hooks) ? (raw.hooks as Any[]).map(toHook) : [],
    storage,
  };
}

function toHook(h: Any): HelmHook {
  const phase = h.last_run?.phase;
  return {
    name: String(h.name ?? ''),
    kind: String(h.kind ?? ''),
    path: String(h.path ?? ''),
    manifest: String(h.manifest ?? ''),
    events: Array.isArray(h.events) ? h.events.map(String) : [],
    lastRunPhase: typeof phase === 'string' && phase ? phase : undefined,
  };
}

/** Decodes a `helm.sh/release.v1` Secret (as returned by the API, data still base64). */
export function decodeReleaseSecret(secret: { data?: Record<string, string>; metadata: { namespace?: string } }): HelmRelease {
  const outer = secret.data?.release;
  if (!outer) throw new ToolError('invalid-input', 'Secret has no data.release');
  return toHelmRelease(decodeReleaseString(Buffer.from(outer, 'base64').toString('utf8')), 'secret', secret.metadata.namespace);
}

/** Decodes a Helm ConfigMap-driver release (data.release holds the release string directly). */
export function decodeReleaseConfigMap(cm: { data?: Record<string, string>; metadata: { namespace?: string } }): HelmRelease {
  const s = cm.data?.release;
  if (!s) throw new ToolError('invalid-input', 'ConfigMap has no data.release');
  return toHelmRelease(decodeReleaseString(s), 'configmap', cm.metadata.namespace);
}

/** Helm's `chart` column: `name-version`. */
export function chartLabel(r: Pick<HelmRelease, 'chartName' | 'chartVersion'>): string {
  return `${r.chartName}-${r.chartVersion}`;
}
