// Keeps the files a step's `artifacts:` globs match. Paths are relative to the step's working
// directory; every match is confined to the workspace by its real path (a link, or a folder link on
// the way, that leads outside is refused), read through a no-follow descriptor, and copied under an
// encoded name, within a size and file-count budget.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, statSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { globToRegExp, normaliseGlob, walkFiles, WILDCARD } from '../cache/cacheKey.js';
import { DEFAULT_ARTIFACT_LIMITS, type ArtifactLimits, type ArtifactRecord, type ArtifactSkip } from './artifactTypes.js';
import { encodeRelativePath } from './encodeFileName.js';

/** Inputs of {@link collectArtifacts}. */
export interface CollectArtifactsOptions {
  workspace: string;
  /** The step's working directory: globs are relative to it. */
  cwd: string;
  globs: string[];
  /** Folder receiving the copies (created as needed, 0700). */
  destDir: string;
  limits?: Partial<ArtifactLimits>;
  /** Masks a path before it is recorded or used for a stored name. */
  mask?: (text: string) => string;
}

/** What was kept (`stored` relative to `destDir`) and what was refused. */
export interface CollectArtifactsResult {
  files: ArtifactRecord[];
  skipped: ArtifactSkip[];
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Candidate paths (as the glob spells them) for one glob, or why it matched nothing usable. */
function candidates(cwd: string, workspaceReal: string, raw: string): { paths: string[]; problem?: string } {
  const glob = normaliseGlob(raw);
  const parts = glob.split('/');
  let i = 0;
  while (i < parts.length && !WILDCARD.test(parts[i]!)) i++;
  const literal = i === parts.length;
  const base = literal ? glob : parts.slice(0, i).join('/');
  const baseReal = realOrUndefined(resolve(cwd, base || '.'));
  if (!baseReal) return { paths: [], problem: literal ? 'not found' : undefined };
  // A literal path is judged (and its link reported) with the other matches.
  if (literal && !inside(workspaceReal, baseReal)) return { paths: [glob] };
  // Checked before walking, so `../../**` never walks the disk outside the workspace.
  if (!inside(workspaceReal, baseReal)) return { paths: [], problem: 'outside the workspace' };
  if (literal) {
    if (!statSync(baseReal).isDirectory()) return { paths: [glob] };
    return { paths: walkFiles(baseReal).map((f) => posix.join(glob, f)) };
  }
  const re = globToRegExp(parts.slice(i).join('/'));
  return { paths: walkFiles(baseReal).filter((f) => re.test(f)).map((f) => (base ? posix.join(base, f) : f)) };
}

/** Copies an open regular file to `dest` (created exclusively, 0600). */
function copyFd(fd: number, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
  const out = openSync(dest, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      writeSync(out, buf, 0, n);
    }
  } finally {
    closeSync(out);
  }
}

/** Keeps the files matching `globs`; see the file comment for the rules. */
export function collectArtifacts(o: CollectArtifactsOptions): CollectArtifactsResult {
  const limits = { ...DEFAULT_ARTIFACT_LIMITS, ...o.limits };
  const mask = o.mask ?? ((t: string) => t);
  const files: ArtifactRecord[] = [];
  const skipped: ArtifactSkip[] = [];
  const workspaceReal = realOrUndefined(o.workspace) ?? resolve(o.workspace);
  const seen = new Set<string>();
  const storedNames = new Set<string>();
  let total = 0;
  for (const glob of o.globs) {
    const { paths, problem } = candidates(o.cwd, workspaceReal, glob);
    if (problem) skipped.push({ path: mask(glob), reason: problem });
    for (const path of paths) {
      const shown = mask(path);
      const abs = resolve(o.cwd, path);
      const real = realOrUndefined(abs);
      if (!real) continue;
      if (!inside(workspaceReal, real)) {
        skipped.push({ path: shown, reason: lstatSync(abs).isSymbolicLink() ? 'a link that leads outside the workspace' : 'outside the workspace' });
        continue;
      }
      // A file matched twice (two globs, or a link inside the workspace to it) is kept once.
      if (seen.has(real)) continue;
      seen.add(real);
      if (files.length >= limits.maxFiles) {
        skipped.push({ path: shown, reason: `over the limit of ${limits.maxFiles} files per step` });
        continue;
      }
      let fd: number;
      try {
        // The real path, opened without following a link: a swap after the check cannot redirect it.
        fd = openSync(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      } catch (e) {
        skipped.push({ path: shown, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
        continue;
      }
      try {
        const st = fstatSync(fd);
        if (!st.isFile()) {
          skipped.push({ path: shown, reason: 'not a regular file' });
          continue;
        }
        if (total + st.size > limits.maxBytes) {
          skipped.push({ path: shown, reason: `over the ${formatBytes(limits.maxBytes)} limit per step` });
          continue;
        }
        let stored = encodeRelativePath(shown);
        // Masking can make two paths equal; keep both.
        for (let n = 2; storedNames.has(stored); n++) stored = `${encodeRelativePath(shown)}~${n}`;
        storedNames.add(stored);
        copyFd(fd, join(o.destDir, stored));
        total += st.size;
        files.push({ path: shown, size: st.size, stored });
      } finally {
        closeSync(fd);
      }
    }
  }
  return { files, skipped };
}

/** `1.5 KiB`, `100 MiB`: sizes for people. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 ? n : Number(n.toFixed(1))} ${units[u]}`;
}
