// GNU tar calls for restoring dependency cache entries, as data ({command, args, parse}); the
// cache runs them through the one process runner. Unpacking many small files is several times
// faster in tar than in tar-fs. Only GNU tar is used (its listing format is the one read here);
// without it, or with a listing this parser cannot read with certainty, the cache uses tar-fs.
import type { ToolCommand } from '../../contracts/StepType.js';
import { ToolError } from '../../contracts/result.js';

/** One member of an archive as `tar -tv` lists it. */
export interface ListedEntry {
  type: 'file' | 'directory' | 'symlink' | 'link';
  name: string;
  /** Where a symbolic or hard link points. */
  target?: string;
}

// A stable listing: C locale, UTC dates, numeric owners, names escaped (a newline in a name cannot
// start a line of its own).
const LISTING_ENV = { LC_ALL: 'C', TZ: 'UTC' };

/** `tar --version`: true for GNU tar. */
export function tarVersionCommand(): ToolCommand<boolean> {
  return { command: 'tar', args: ['--version'], parse: (stdout, _stderr, code) => code === 0 && /\bGNU tar\b/.test(stdout) };
}

// `-rw-r--r-- 0/0   2048 2026-12-02 03:10 node_modules/a.js`: type, mode, owner, size, date, time, rest.
const LINE = /^([-dlh])[-rwxsStT]{9}\s+\S+\s+\S+\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} (.*)$/;

/** Reads one listing line; undefined for a line this parser cannot read with certainty. */
export function parseListingLine(line: string): ListedEntry | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const [, kind, rest] = m as unknown as [string, string, string];
  if (kind === '-') return { type: 'file', name: rest };
  if (kind === 'd') return { type: 'directory', name: rest };
  // A name or target holding the separator itself would be ambiguous.
  const sep = kind === 'l' ? ' -> ' : ' link to ';
  const parts = rest.split(sep);
  if (parts.length !== 2) return undefined;
  return { type: kind === 'l' ? 'symlink' : 'link', name: parts[0]!, target: parts[1]! };
}

/**
 * `tar -tvzf archive`: every member, or undefined when tar failed or a line is not one this parser
 * reads (another member type, an ambiguous link): the caller then falls back to tar-fs.
 */
export function listCommand(archive: string): ToolCommand<ListedEntry[] | undefined> {
  return {
    command: 'tar',
    // --absolute-names: list names and link targets as stored (tar would strip a leading `/`), so the check sees them.
    args: ['-tvzf', archive, '--numeric-owner', '--quoting-style=escape', '--absolute-names'],
    env: LISTING_ENV,
    parse: (stdout, _stderr, code) => {
      if (code !== 0) return undefined;
      const out: ListedEntry[] = [];
      for (const line of stdout.split('\n')) {
        if (!line) continue;
        const e = parseListingLine(line);
        if (!e) return undefined;
        out.push(e);
      }
      return out;
    },
  };
}

/** `tar -xzf archive -C cwd`, files owned by the restoring user (root would otherwise restore the archived owners). */
export function extractCommand(archive: string, cwd: string): ToolCommand<void> {
  return {
    command: 'tar',
    args: ['-xzf', archive, '-C', cwd, '--no-same-owner'],
    env: LISTING_ENV,
    parse: (_stdout, stderr, code) => {
      if (code !== 0) throw new ToolError('tool-failed', `tar could not unpack the cache entry: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`);
    },
  };
}
