// Which workspace files the editor scans in the background: YAML and Dockerfiles by name, outside the
// folders `files.exclude` and `search.exclude` hide, up to a size and a count, so a large workspace
// costs a bounded amount of work.
import { picomatchLib } from '../lazy/picomatch.js';
import { isDockerfileName, isYamlName } from './scanFiles.js';

/** The include glob for the workspace search. */
export const WORKSPACE_GLOB = '**/{*.yaml,*.yml,Dockerfile,Dockerfile.*,Containerfile,Containerfile.*,*.dockerfile,*.containerfile}';
/** Folders never worth a search (also when the settings do not hide them). */
export const ALWAYS_EXCLUDED = '**/{node_modules,.git,.ansflow,out,dist}/**';
/** Larger files are left to the open-editor scan (generated bundles, vendored charts' renders). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** At most this many files per workspace scan. */
export const MAX_FILES = 2000;

/**
 * A test for workspace-relative paths (`/`-separated) hidden by exclude settings (`files.exclude`,
 * `search.exclude`: glob → true). Conditional entries (`{ when: … }`) depend on sibling files and are
 * not applied. A pattern hides a folder's files too.
 */
export function excludedBy(...settings: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): (relativePath: string) => boolean {
  const globs = settings.flatMap((s) => Object.entries(s ?? {}).filter(([, v]) => v === true).map(([k]) => k));
  if (!globs.length) return () => false;
  const match = picomatchLib()(globs, { dot: true });
  return (rel) => {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) if (match(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

/** True for a file worth reading for the workspace scan: a manifest-named or Dockerfile-named file under the size cap. */
export function worthScanning(path: string, size: number): boolean {
  if (size > MAX_FILE_BYTES) return false;
  if (/\.ansflow\.ya?ml$/i.test(path)) return false;
  return isDockerfileName(path) || isYamlName(path);
}

/** The language a workspace file is scanned as (what the editor would give it). */
export function languageOf(path: string): 'dockerfile' | 'yaml' {
  return isDockerfileName(path) ? 'dockerfile' : 'yaml';
}
