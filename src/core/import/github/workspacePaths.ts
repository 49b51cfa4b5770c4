// GitHub reads actions/cache and upload-artifact paths from the workspace root; our `cache.paths`
// and `artifacts` are relative to the step's working directory, so a step given one (its own
// working-directory or a run default) has them rebased here.
import { posix } from 'node:path';

export type Rebased = { ok: true; path: string } | { ok: false; reason: string };

function plainDirectory(wd: string | undefined): string | undefined {
  const dir = posix.normalize((wd ?? '.').replace(/\\/g, '/')).replace(/\/+$/, '');
  return dir === '.' || dir === '' ? undefined : dir;
}

/** A workspace path (`!` for an exclude kept) as seen from `wd`; `..` allowed (artifacts stay in the workspace). */
export function fromWorkingDirectory(path: string, wd: string | undefined): Rebased {
  const dir = plainDirectory(wd);
  if (!dir) return { ok: true, path };
  if (dir.includes('${{') || posix.isAbsolute(dir) || dir.startsWith('..')) {
    return { ok: false, reason: `the working directory ${wd} is not a folder of the workspace that can be read before the run` };
  }
  const negated = path.startsWith('!');
  const bare = negated ? path.slice(1) : path;
  if (bare.startsWith('~') || posix.isAbsolute(bare)) return { ok: true, path };
  const rel = posix.relative(dir, posix.normalize(bare)) || '.';
  return { ok: true, path: (negated ? '!' : '') + rel };
}

/** Like {@link fromWorkingDirectory}, for a cache path, which must stay inside the working directory. */
export function cachePathFrom(path: string, wd: string | undefined): Rebased {
  const r = fromWorkingDirectory(path, wd);
  if (r.ok && (r.path === '..' || r.path.startsWith('../') || r.path.startsWith('!../'))) {
    return { ok: false, reason: `the cache keeps folders inside the step's working directory (${wd}) only` };
  }
  return r;
}
