// `hashFiles(glob, …)`: one SHA-256 over the files the globs match in the run's workspace (their
// paths and contents), for dependency cache keys such as `npm-${{ hashFiles('package-lock.json') }}`.
// As in GitHub Actions, no match gives the empty text rather than an error.
import { isAbsolute } from 'node:path';
import { hashFiles as hashCacheFiles } from '../../runner/cache/cacheKey.js';
import { toDisplayString } from './coerce.js';

/** The hash of the files `globs` match under `workspace`, or '' when none does. */
export function hashFilesIn(workspace: unknown, globs: unknown[]): string {
  if (typeof workspace !== 'string' || !workspace) throw new Error('hashFiles() is only available while a pipeline runs');
  const patterns = globs.map(toDisplayString);
  for (const p of patterns) if (isAbsolute(p.replace(/^!/, '')) || /(^|[\\/])\.\.([\\/]|$)/.test(p)) throw new Error(`hashFiles(): '${p}' must be a path inside the workspace`);
  const r = hashCacheFiles(workspace, patterns);
  return r.files ? r.hash : '';
}
