// Which `with` values name files, shared by path completion, document links and the file-not-found check.
// Per step type, because the same key means different things (`context` is a build folder for
// docker.build but a kubeconfig context for kubernetes.*). A schema property may also say so itself
// with `"x-ansflow-path": "file" | "directory" | "any"` or `format: "path"`.

/** What a path-valued key expects. */
export type PathKind = 'file' | 'directory' | 'any';

/** A path-valued key: what it names and which file names completion offers. */
export interface PathSpec {
  kind: PathKind;
  filter?: RegExp;
}

const YAML = /\.(ya?ml)$/i;
const MANIFEST = /\.(ya?ml|json)$/i;
const kubeconfig: PathSpec = { kind: 'file' };

/** Path-valued `with` keys per step type (paths resolve against the pipeline file's folder). */
export const PATH_KEYS: Readonly<Record<string, Readonly<Record<string, PathSpec>>>> = {
  python: { file: { kind: 'file', filter: /\.py$/i } },
  node: { file: { kind: 'file', filter: /\.(m|c)?js$/i } },
  file: { src: { kind: 'any' } },
  'docker.build': { context: { kind: 'directory' }, dockerfile: { kind: 'file', filter: /(^|[./])(Dockerfile|Containerfile)|\.dockerfile$/i } },
  'kubernetes.apply': { manifests: { kind: 'any', filter: MANIFEST }, files: { kind: 'any', filter: MANIFEST }, kubeconfig },
  'kubernetes.delete': { manifests: { kind: 'any', filter: MANIFEST }, files: { kind: 'any', filter: MANIFEST }, kubeconfig },
  'kubernetes.rollout': { kubeconfig },
  'kubernetes.job': { kubeconfig },
  'helm.install': { chart: { kind: 'any', filter: /\.tgz$/i }, valuesFiles: { kind: 'file', filter: YAML }, kubeconfig },
  'helm.upgrade': { chart: { kind: 'any', filter: /\.tgz$/i }, valuesFiles: { kind: 'file', filter: YAML }, kubeconfig },
  'helm.rollback': { kubeconfig },
  'helm.uninstall': { kubeconfig },
  'ansible.playbook': {
    playbook: { kind: 'file', filter: YAML },
    inventory: { kind: 'any' },
    extraVarsFiles: { kind: 'file', filter: /\.(ya?ml|json)$/i },
    privateKey: { kind: 'file' },
    vaultPasswordFile: { kind: 'file' },
  },
  'ansible.adhoc': { inventory: { kind: 'any' } },
  scan: { path: { kind: 'any', filter: /(\.(ya?ml|json)|Dockerfile|Containerfile)$/i } },
};

/** Whether steps of this type have any path-valued `with` key. */
export function typeHasPaths(stepType: string): boolean {
  return Object.hasOwn(PATH_KEYS, stepType);
}

/** The path spec of a `with` key for a step type (schema hint first); undefined when it holds no path. */
export function pathKindOf(key: string, schemaHints: Array<Record<string, unknown>> = [], stepType?: string): PathSpec | undefined {
  for (const s of schemaHints) {
    const hint = s['x-ansflow-path'];
    if (hint === 'file' || hint === 'directory' || hint === 'any') return { kind: hint };
    if (s.format === 'path') return { kind: 'any' };
  }
  return stepType ? PATH_KEYS[stepType]?.[key] : undefined;
}

/**
 * True when a value can be checked on disk: not an expression, a URL, a remote chart (`repo/chart`),
 * a glob, or an inline host list (`web1,web2,` for ansible).
 */
export function isCheckablePath(key: string, value: string): boolean {
  if (value.trim() === '' || value.includes('${{') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /[*?[\]{}]/.test(value)) return false;
  if (key === 'chart' && !/^(\.{1,2}\/|\/)/.test(value) && !value.endsWith('.tgz')) return false;
  if (key === 'inventory' && value.includes(',')) return false;
  return true;
}
