// The build context sent to the engine: files under the context folder minus `.dockerignore`
// matches (Docker's own pattern rules, via @balena/dockerignore), with the Dockerfile and
// .dockerignore always included because the builder needs them.
import { readdirSync, readFileSync, lstatSync, existsSync } from 'node:fs';
import { join, relative, sep, isAbsolute } from 'node:path';
import { archiveLib } from '../../lazy/archive.js';

/** Files (relative, `/`-separated) of a build context after `.dockerignore`. */
export function listBuildContext(contextDir: string, dockerfile = 'Dockerfile'): string[] {
  const ignoreFile = join(contextDir, '.dockerignore');
  const patterns = existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '';
  const ig = archiveLib().dockerignore({ ignorecase: false }).add(patterns);
  // A negated pattern may re-include something below an excluded folder, so only prune when there is none.
  const canPrune = !patterns.split(/\r?\n/).some((l) => l.trim().startsWith('!'));
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir).sort();
    if (entries.length === 0 && dir !== contextDir) {
      const rel = toPosix(relative(contextDir, dir));
      if (!ig.ignores(rel)) out.push(rel);
    }
    for (const name of entries) {
      const full = join(dir, name);
      const rel = toPosix(relative(contextDir, full));
      const st = lstatSync(full);
      if (st.isDirectory()) {
        if (canPrune && ig.ignores(rel)) continue;
        walk(full);
      } else if (!ig.ignores(rel)) out.push(rel);
    }
  };
  walk(contextDir);
  const df = isAbsolute(dockerfile) ? toPosix(relative(contextDir, dockerfile)) : toPosix(dockerfile);
  for (const always of [df, '.dockerignore']) {
    if (!always.startsWith('..') && existsSync(join(contextDir, always)) && !out.includes(always)) out.push(always);
  }
  return out;
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** A tar stream of the context (not compressed; the engine accepts plain tar). */
export function packBuildContext(contextDir: string, files: string[]): NodeJS.ReadableStream {
  return archiveLib().pack(contextDir, { entries: files }) as unknown as NodeJS.ReadableStream;
}
