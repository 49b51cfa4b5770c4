// Up-to-date checks for steps that declare `cache: { sources, generates }`: a content hash of the
// step's resolved definition and of every source file, plus a hash of the generated files, so an
// unchanged step whose outputs still exist can be skipped. Cache paths are relative to the step's
// working directory and may leave it (`../shared/**`).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { picomatchLib } from '../../lazy/picomatch.js';

const IGNORED_DIRS = new Set(['.git', 'node_modules', '.ansflow']);

/**
 * A glob (`**`, `*`, `?`, `[...]`, nested `{a,{b,c}}`) relative to the workspace as a RegExp over `/`
 * paths; dot files match like any other (a cache source named `.env` is still a source).
 */
export function globToRegExp(glob: string): RegExp {
  return picomatchLib().makeRe(glob, { dot: true });
}

/** Files under `root` matching any of the globs, sorted, as workspace-relative `/` paths. */
export function matchFiles(root: string, globs: string[]): string[] {
  const res = globs.map((g) => globToRegExp(g.replace(/^\.\//, '')));
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (!IGNORED_DIRS.has(e.name)) walk(abs);
      } else {
        const rel = relative(root, abs).split(sep).join('/');
        if (res.some((r) => r.test(rel))) out.push(rel);
      }
    }
  };
  walk(root);
  return out.sort();
}

export const WILDCARD = /[*?{[]/;

/** A cache glob with `\\`, `./`, `a/../` and a trailing `/` normalised away. */
export function normaliseGlob(glob: string): string {
  return posix.normalize(glob.replace(/\\/g, '/')).replace(/(.)\/$/, '$1');
}

/** Files under `dir`, as `/` paths relative to it (ignored folders and folder links skipped; file links listed). */
export function walkFiles(dir: string, prefix = '', out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!IGNORED_DIRS.has(e.name)) walkFiles(dir, rel, out);
    } else out.push(rel);
  }
  return out;
}

/**
 * Files matching cache globs relative to `root` (a step's working directory), sorted, each as the
 * glob spells it (`../shared/a.txt`, `src/x.ts`). A glob's literal leading folders are walked
 * instead of `root`, so `../` works; a literal folder stands for every file under it. A glob
 * starting with `!` removes what it matches from the others' files, whatever their order.
 */
export function matchCacheFiles(root: string, globs: string[]): string[] {
  const found = new Set<string>();
  const excluded = globs.filter(isExclusion).map((g) => globToRegExp(normaliseGlob(g.slice(1))));
  for (const raw of globs.filter((g) => !isExclusion(g))) {
    const glob = normaliseGlob(raw);
    const parts = glob.split('/');
    let i = 0;
    while (i < parts.length && !WILDCARD.test(parts[i]!)) i++;
    if (i === parts.length) {
      // No wildcard: a file, or a folder standing for its files.
      let st;
      try {
        st = statSync(resolve(root, glob));
      } catch {
        continue;
      }
      if (st.isDirectory()) for (const f of walkFiles(resolve(root, glob))) found.add(posix.join(glob, f));
      else found.add(glob);
      continue;
    }
    const base = parts.slice(0, i).join('/');
    const re = globToRegExp(parts.slice(i).join('/'));
    for (const f of walkFiles(resolve(root, base || '.'))) if (re.test(f)) found.add(base ? posix.join(base, f) : f);
  }
  return [...found].filter((f) => !excluded.some((re) => matchesPathOrFolder(re, f))).sort();
}

function isExclusion(glob: string): boolean {
  return glob.startsWith('!');
}

/** True when `re` matches the file or one of its folders (`!dist` excludes everything under dist). */
function matchesPathOrFolder(re: RegExp, file: string): boolean {
  for (let i = file.indexOf('/'); i >= 0; i = file.indexOf('/', i + 1)) if (re.test(file.slice(0, i))) return true;
  return re.test(file);
}

/** Hash of the matched files' paths and contents (see {@link matchCacheFiles}); `missing` lists literal paths absent. */
export function hashFiles(root: string, globs: string[]): { hash: string; files: number; missing: string[] } {
  const h = createHash('sha256');
  const files = matchCacheFiles(root, globs);
  for (const f of files) {
    h.update(f).update('\0');
    try {
      if (statSync(resolve(root, f)).isFile()) h.update(readFileSync(resolve(root, f)));
    } catch {
      h.update('<unreadable>');
    }
    h.update('\0');
  }
  const missing = globs.filter((g) => !isExclusion(g)).map(normaliseGlob).filter((g) => !WILDCARD.test(g) && !files.some((f) => f === g || f.startsWith(`${g}/`)));
  return { hash: h.digest('hex'), files: files.length, missing };
}

/** The key of a step's inputs: its resolved definition plus the content of its sources. */
export function inputsKey(definition: unknown, root: string, sources: string[]): string {
  return createHash('sha256').update(JSON.stringify(definition)).update(hashFiles(root, sources).hash).digest('hex');
}
