// The host side of shipping a workspace into a pod and back. What goes: every file under the
// workspace, narrowed by `include` globs, minus `exclude` patterns and the lines of `.ansflowignore`
// (both with .dockerignore rules), never `.git` nor the run store `.ansflow/`. Shipped files carry an
// mtime of 1970 so the pod can tell what the step wrote (anything newer) without a clock of ours;
// what comes back is unpacked as regular files only, confined to the workspace.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { archiveLib } from '../../lazy/archive.js';
import { picomatchLib } from '../../lazy/picomatch.js';
import { ToolError } from '../../contracts/result.js';

/** `executor.workspace` of the kubernetes executor: which files travel (all by default). */
export interface WorkspaceSelection {
  include?: string[];
  exclude?: string[];
}

/** The ignore file read from the workspace root. */
export const IGNORE_FILE = '.ansflowignore';

/** The mtime given to shipped files; the pod brings back files newer than this. */
export const SHIPPED_MTIME = new Date(1000);

const NEVER = new Set(['.git', '.ansflow']);

/** Most bytes shipped to one pod: the archive is held in memory while it is sent. */
export const MAX_WORKSPACE_BYTES = 256 * 1024 * 1024;

/** Workspace-relative `/` paths of the files to ship, sorted; a selection over `maxBytes` is an error. */
export function selectWorkspaceFiles(root: string, selection: WorkspaceSelection = {}, maxBytes = MAX_WORKSPACE_BYTES): string[] {
  const ignoreFile = join(root, IGNORE_FILE);
  const ig = archiveLib().dockerignore({ ignorecase: false })
    .add(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '')
    .add(selection.exclude ?? []);
  const include = selection.include?.length ? picomatchLib()(selection.include, { dot: true }) : undefined;
  const out: string[] = [];
  let bytes = 0;
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? posix.join(rel, name) : name;
      if (!rel && NEVER.has(name)) continue;
      if (ig.ignores(path)) continue;
      const st = lstatSync(join(root, path));
      if (st.isDirectory()) walk(path);
      else if ((st.isFile() || st.isSymbolicLink()) && (!include || include(path))) {
        out.push(path);
        bytes += st.size;
        if (bytes > maxBytes) {
          throw new ToolError('invalid-input', `the workspace to ship to the pod is over ${Math.round(maxBytes / 1024 / 1024)} MiB (at ${path})`, `Leave files out with ${IGNORE_FILE} or executor.workspace: { include, exclude }, or set executor.workspace: false.`);
        }
      }
    }
  };
  walk('');
  return out;
}

/** A tar stream of `files` under `root`, stamped with {@link SHIPPED_MTIME}. */
export function packWorkspace(root: string, files: string[]): Readable {
  return archiveLib().pack(root, {
    entries: files,
    map: (h) => ({ ...h, mtime: SHIPPED_MTIME }),
  }) as unknown as Readable;
}

/** A tar stream of everything under `dir` (links kept as links), as it is. */
export function packFolder(dir: string): Readable {
  return archiveLib().pack(dir) as unknown as Readable;
}

/** Why a pulled entry may not be written (absolute, escaping, not a regular file), or undefined. */
export function refusedEntry(name: string, type: string | null | undefined): string | undefined {
  const norm = posix.normalize(name.replace(/\\/g, '/'));
  if (posix.isAbsolute(norm) || norm === '..' || norm.startsWith('../')) return 'outside the workspace';
  if (type !== 'file' && type !== 'directory') return `not a regular file (${type ?? 'unknown'})`;
  return undefined;
}

/** Unpacks a tar from the pod into `root`: regular files only; returns the paths written and refused. */
export async function unpackIntoWorkspace(root: string, tarStream: Readable): Promise<{ written: string[]; refused: string[] }> {
  const written: string[] = [];
  const refused: string[] = [];
  await pipeline(
    tarStream,
    archiveLib().extract(root, {
      ignore: (_name, header) => {
        const why = header ? refusedEntry(header.name, header.type) : 'unknown';
        if (why) refused.push(`${header?.name ?? '?'}: ${why}`);
        else if (header?.type === 'file') written.push(posix.normalize(header.name).replace(/^\.\//, ''));
        return !!why;
      },
      // Files take the host user's ownership, not the pod's uids (an option @types/tar-fs leaves out).
      ...({ chown: false } as object),
    }),
  );
  return { written, refused };
}
