// The read-only documents of a release revision (`helm get values|values --all|manifest|notes|hooks`),
// rendered from the decoded release so they need no helm binary, and the document paths that name them.
import { stringify } from 'yaml';
import type { HelmRelease } from '../../clients/helm/index.js';

/** Which part of a revision a document shows. */
export type HelmDocumentPart = 'values' | 'computed-values' | 'manifest' | 'notes' | 'hooks';

/** Every part, in menu order. */
export const HELM_DOCUMENT_PARTS: readonly HelmDocumentPart[] = ['values', 'computed-values', 'manifest', 'notes', 'hooks'];

/** A document of one revision of one release in one context. */
export interface HelmDocumentRef {
  context: string;
  namespace: string;
  release: string;
  revision: number;
  part: HelmDocumentPart;
}

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Helm's value coalescing (chartutil.CoalesceValues): user values win, maps merge key by key,
 * and a user `null` deletes the chart's default.
 */
export function coalesceValues(defaults: Values, user: Values): Values {
  const out: Values = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = coalesceValues(out[k] as Values, v);
    else out[k] = v;
  }
  return out;
}

function yamlOf(v: Values, emptyNote: string): string {
  return Object.keys(v).length === 0 ? `# ${emptyNote}\n{}\n` : stringify(v, { lineWidth: 0 });
}

/** The text of one part of a revision. */
export function helmDocumentText(r: HelmRelease, part: HelmDocumentPart): string {
  switch (part) {
    case 'values':
      return yamlOf(r.values, `No user-supplied values in ${r.name} revision ${r.revision}.`);
    case 'computed-values':
      return yamlOf(coalesceValues(r.chartValues, r.values), `No values in ${r.name} revision ${r.revision}.`);
    case 'manifest':
      return r.manifest;
    case 'notes':
      return r.notes || `${r.name} revision ${r.revision} has no notes.\n`;
    case 'hooks':
      if (r.hooks.length === 0) return `# ${r.name} revision ${r.revision} has no hooks.\n`;
      // Same layout as `helm get hooks`: each hook its own YAML document under a Source comment.
      return r.hooks.map((h) => `---\n# Source: ${h.path}\n${h.manifest.replace(/\n*$/, '\n')}`).join('');
  }
}

const EXT: Record<HelmDocumentPart, string> = { values: 'yaml', 'computed-values': 'yaml', manifest: 'yaml', notes: 'txt', hooks: 'yaml' };

/** A URI path for a document; its last segment (the editor's tab title) reads `web-r3-values.yaml`. */
export function helmDocumentPath(ref: HelmDocumentRef): string {
  const enc = encodeURIComponent;
  return `/${enc(ref.context)}/${enc(ref.namespace)}/${enc(ref.release)}/${ref.revision}/${enc(ref.release)}-r${ref.revision}-${ref.part}.${EXT[ref.part]}`;
}

/** Reads a path made by {@link helmDocumentPath}; undefined when it is not one. */
export function parseHelmDocumentPath(path: string): HelmDocumentRef | undefined {
  const seg = path.split('/');
  if (seg.length !== 6 || seg[0] !== '') return undefined;
  const revision = Number(seg[4]);
  const m = /-r\d+-([a-z-]+)\.[a-z]+$/.exec(seg[5]!);
  const part = m?.[1] as HelmDocumentPart | undefined;
  if (!Number.isInteger(revision) || revision < 1 || !part || !HELM_DOCUMENT_PARTS.includes(part)) return undefined;
  try {
    return { context: decodeURIComponent(seg[1]!), namespace: decodeURIComponent(seg[2]!), release: decodeURIComponent(seg[3]!), revision, part };
  } catch {
    return undefined;
  }
}
