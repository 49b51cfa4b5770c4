// Keeps `file` step paths inside the workspace and the run's artifact folder. Checking the path text
// is not enough: a symbolic link inside the workspace (made by an earlier step, or unpacked from an
// archive) can point anywhere, so paths are compared after resolving every link on disk, and a link
// on the final component of a path being written is refused rather than followed.
import { constants, lstatSync, openSync, readlinkSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { ToolError } from '../../../contracts/result.js';

/** Where a step may read and write: the given folders, compared by their real paths. */
export interface Confinement {
  /** False when the step opted out (`allowOutsideWorkspace: true`): every check passes. */
  readonly on: boolean;
  readonly realRoots: readonly string[];
  /** How messages name the allowed place, e.g. `the workspace`. */
  readonly place: string;
  /** What to suggest when a path is refused. */
  readonly hint?: string;
}

/**
 * How a path is used, which decides which links are followed:
 * `read` follows every link (the content is read); `write` follows links in the folders but refuses a
 * link as the final component (it would be written through); `entry` acts on the final component itself
 * (delete, the source of a move), so only the folders above it are resolved.
 */
export type PathUse = 'read' | 'write' | 'entry';

const MAX_LINK_HOPS = 40;

/** The confinement for a step: its workspace plus `$ANSFLOW_ARTIFACTS` when the step has one. */
export function confinement(workspace: string, artifacts: string | undefined, on = true): Confinement {
  const roots = [workspace, ...(artifacts ? [resolve(workspace, artifacts)] : [])];
  return { on, realRoots: roots.map(realPath), place: 'the workspace', hint: 'Set allowOutsideWorkspace: true to allow it.' };
}

/** The confinement for unpacking an archive: nothing may land outside its destination folder. */
export function destinationConfinement(dest: string): Confinement {
  return { on: true, realRoots: [realPath(dest)], place: 'the destination' };
}

/**
 * The real path of `p` with every symbolic link resolved, like `realpath`, but also for paths that do not
 * exist yet: the missing tail is kept as written, and a dangling link is resolved to where it points
 * (writing through it would create that file).
 */
export function realPath(p: string): string {
  const abs = resolve(p);
  let done = parse(abs).root;
  const rest = abs.slice(done.length).split(/[\\/]+/).filter(Boolean);
  let hops = 0;
  while (rest.length > 0) {
    const name = rest.shift()!;
    if (name === '.') continue;
    if (name === '..') {
      done = dirname(done);
      continue;
    }
    const next = join(done, name);
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      // Nothing there (or not readable): the rest cannot be a link we would follow.
      return resolve(next, ...rest);
    }
    if (!isLink) {
      done = next;
      continue;
    }
    if (++hops > MAX_LINK_HOPS) throw new ToolError('invalid-input', `too many levels of symbolic links in '${abs}'`);
    const target = readlinkSync(next);
    if (isAbsolute(target)) done = parse(target).root;
    rest.unshift(...target.slice(isAbsolute(target) ? parse(target).root.length : 0).split(/[\\/]+/).filter(Boolean));
  }
  return done;
}

/** Whether `p` is `root` or below it (both already absolute and normalized). */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Checks one absolute path for its use and returns it; throws a ToolError naming `label` (what the user
 * wrote) when it leads outside the allowed folders or would write through a link.
 */
export function confine(c: Confinement, abs: string, use: PathUse, label: string): string {
  if (!c.on) return abs;
  const real = use === 'read' ? realPath(abs) : join(realPath(dirname(abs)), basename(abs));
  if (!c.realRoots.some((r) => isInside(r, real))) {
    const how = real !== resolve(abs) ? ` (through a symbolic link it resolves to '${real}')` : '';
    throw new ToolError('invalid-input', `${label} is outside ${c.place}${how}`, c.hint);
  }
  if (use === 'write' && isLink(abs)) {
    throw new ToolError('invalid-input', `${label} is a symbolic link; refusing to write through it`, 'Remove the link or write to another path.');
  }
  return abs;
}

/** Opens `abs` for writing without following a link on its final component (O_NOFOLLOW where the OS has it). */
export function openForWrite(c: Confinement, abs: string, label: string, opts: { append?: boolean; exclusive?: boolean; mode?: number } = {}): number {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_NOFOLLOW = 0 } = constants;
  const flags = O_WRONLY | O_CREAT | (opts.append ? O_APPEND : O_TRUNC) | (opts.exclusive ? O_EXCL : 0) | (c.on ? O_NOFOLLOW : 0);
  try {
    return openSync(abs, flags, opts.mode ?? 0o666);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new ToolError('invalid-input', `${label} is a symbolic link; refusing to write through it`);
    throw e;
  }
}

/**
 * Whether following `target` from the folder `at` (segments below the destination) climbs above it.
 * A `..` after a name in the target counts as climbing out: that name may itself be a link unpacked
 * earlier, so the text alone cannot tell where `name/..` lands.
 */
function climbsOut(at: string[], target: string): boolean {
  const parts = [...at];
  let named = false;
  for (const seg of target.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') {
      parts.push(seg);
      named = true;
    } else if (named || parts.pop() === undefined) return true;
  }
  return false;
}

/**
 * Why an archive entry may not be unpacked, or undefined when it is fine: absolute names, `..` segments
 * and links whose target leaves the destination are refused (zip slip) rather than silently rewritten.
 */
export function badArchiveEntry(name: string, link?: { target: string; hard: boolean }): string | undefined {
  const absolute = (n: string) => /^([\\/]|[a-zA-Z]:)/.test(n);
  if (absolute(name)) return `archive entry '${name}' has an absolute path`;
  if (name.split(/[\\/]+/).includes('..')) return `archive entry '${name}' points outside the destination ('..')`;
  if (link) {
    // Archive names use `/`; a symbolic link resolves from its own folder, a hard link from the archive root.
    const at = link.hard ? [] : name.split(/[\\/]+/).filter((p) => p && p !== '.').slice(0, -1);
    if (absolute(link.target) || climbsOut(at, link.target)) return `archive entry '${name}' is a link to '${link.target}', outside the destination`;
  }
  return undefined;
}
