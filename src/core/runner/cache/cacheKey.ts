// Up-to-date checks for steps that declare `cache: { sources, generates }`: a content hash of the
// step's resolved definition and of every source file, plus a hash of the generated files, so an
// unchanged step whose outputs still exist can be skipped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const IGNORED_DIRS = new Set(['.git', 'node_modules', '.ansflow']);

/** Converts a glob (`**`, `*`, `?`, `{a,b}`) relative to the workspace into a RegExp over `/` paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
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

/** Hash of the matched files' paths and contents; `missing` lists literal (non-glob) paths absent. */
export function hashFiles(root: string, globs: string[]): { hash: string; files: number; missing: string[] } {
  const h = createHash('sha256');
  const files = matchFiles(root, globs);
  for (const f of files) {
    h.update(f).update('\0');
    try {
      if (statSync(join(root, f)).isFile()) h.update(readFileSync(join(root, f)));
    } catch {
      h.update('<unreadable>');
    }
    h.update('\0');
  }
  const missing = globs.filter((g) => !/[*?{]/.test(g) && !files.includes(g.replace(/^\.\//, '')));
  return { hash: h.digest('hex'), files: files.length, missing };
}

/** The key of a step's inputs: its resolved definition plus the content of its sources. */
export function inputsKey(definition: unknown, root: string, sources: string[]): string {
  return createHash('sha256').update(JSON.stringify(definition)).update(hashFiles(root, sources).hash).digest('hex');
}
