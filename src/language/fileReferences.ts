// Which `with` values name files, shared by path completion, document links and the file-not-found check.
// The schema may mark a property with `"x-ansflow-path": "file" | "directory" | "any"` or `format: "path"`;
// these well-known keys cover step types whose schema says nothing.

/** What a path-valued key expects. */
export type PathKind = 'file' | 'directory' | 'any';

/** Well-known `with` keys that hold paths, with a file filter for completion. */
export const PATH_KEYS: Readonly<Record<string, { kind: PathKind; filter?: RegExp }>> = {
  playbook: { kind: 'file', filter: /\.ya?ml$/i },
  inventory: { kind: 'any' },
  manifest: { kind: 'any', filter: /\.(ya?ml|json)$/i },
  manifests: { kind: 'any', filter: /\.(ya?ml|json)$/i },
  chart: { kind: 'any', filter: /\.tgz$/i },
  values: { kind: 'file', filter: /\.ya?ml$/i },
  valuesFiles: { kind: 'file', filter: /\.ya?ml$/i },
  dockerfile: { kind: 'file', filter: /(^|[./])(Dockerfile|Containerfile)|\.dockerfile$/i },
  context: { kind: 'directory' },
  file: { kind: 'file' },
  scriptFile: { kind: 'file', filter: /\.(sh|bash|py|js|mjs|cjs|ps1)$/i },
  script_file: { kind: 'file', filter: /\.(sh|bash|py|js|mjs|cjs|ps1)$/i },
  composeFile: { kind: 'file', filter: /\.ya?ml$/i },
  vaultPasswordFile: { kind: 'file' },
  src: { kind: 'any' },
  source: { kind: 'any' },
  template: { kind: 'file' },
  path: { kind: 'any' },
};

/** The path kind of a key, from the schema hint or the table; undefined when the key holds no path. */
export function pathKindOf(key: string, schemaHints: Array<Record<string, unknown>> = []): { kind: PathKind; filter?: RegExp } | undefined {
  for (const s of schemaHints) {
    const hint = s['x-ansflow-path'];
    if (hint === 'file' || hint === 'directory' || hint === 'any') return { kind: hint };
    if (s.format === 'path' || s.format === 'uri-reference') return { kind: 'any' };
  }
  return PATH_KEYS[key];
}

/** True when a value cannot be checked on disk: an expression, a URL, a remote chart (`repo/chart`, `oci://`), a glob. */
export function isCheckablePath(key: string, value: string): boolean {
  if (value.trim() === '' || value.includes('${{') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /[*?[\]{}]/.test(value)) return false;
  // `chart: bitnami/nginx` names a repository chart unless it looks local.
  if (key === 'chart' && !/^(\.{1,2}\/|\/)/.test(value) && !value.endsWith('.tgz')) return false;
  return true;
}
