// The dependency cache (`cache: {key, paths, restoreKeys}`): folders such as node_modules or
// ~/.m2 kept between runs as gzipped tar archives in one folder per user, found by exact key or by
// key prefix (newest first), and trimmed to a size limit by evicting the least recently used.
// Each entry is two files named by the key's hash: `<h>.tar.gz` and `<h>.json` (key, size, times).
// Restores unpack with the system's GNU tar when there is one (see systemTar.ts), else with tar-fs.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, posix } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type * as tar from 'tar-fs';
import { archiveLib } from '../../lazy/archive.js';
import { ToolError } from '../../contracts/result.js';
import { badArchiveEntry } from '../steps/local/confinePath.js';
import { matchCacheFiles, normaliseGlob } from './cacheKey.js';
import { runToolCommand } from '../../process/index.js';
import { extractCommand, listCommand, tarVersionCommand, type ListedEntry } from './systemTar.js';

/** One stored entry as `ansflow cache list` shows it. */
export interface CacheEntryInfo {
  key: string;
  /** Archive size in bytes. */
  size: number;
  created: number;
  lastUsed: number;
  /** How many files the archive holds. */
  files: number;
}

/** Default size limit of the whole cache folder (`ansflow.cache.maxSizeMB`). */
export const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The user's cache folder for AnsFlow's dependency cache: XDG_CACHE_HOME (else ~/.cache) on Linux,
 * ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows.
 */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'ansflow', 'cache', 'deps');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'ansflow', 'deps');
  return join(env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache'), 'ansflow', 'deps');
}

const nameOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/** Where to restore from: the exact key, else the newest entry whose key starts with a restore key (in order). */
export function pickEntry(entries: CacheEntryInfo[], key: string, restoreKeys: string[]): { entry: CacheEntryInfo; exact: boolean } | undefined {
  const exact = entries.find((e) => e.key === key);
  if (exact) return { entry: exact, exact: true };
  for (const prefix of restoreKeys) {
    const hit = entries.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.created - a.created)[0];
    if (hit) return { entry: hit, exact: false };
  }
  return undefined;
}

/** Cache paths as they are archived: relative, inside the step's folder (`~/` and `..` are refused). */
export function checkCachePaths(paths: string[]): string | undefined {
  for (const p of paths) {
    const n = normaliseGlob(p.replace(/^!/, ''));
    if (isAbsolute(n) || /^[A-Za-z]:/.test(n) || n === '..' || n.startsWith('../') || n.startsWith('~')) return `cache path '${p}' must be relative and inside the step's working directory`;
  }
  return undefined;
}

/** Whether GNU tar is on the PATH, asked once per process. */
let gnuTar: Promise<boolean> | undefined;
function gnuTarPresent(): Promise<boolean> {
  gnuTar ??= runToolCommand(tarVersionCommand()).catch(() => false);
  return gnuTar;
}

/** The first member of a listing that may not be unpacked, as badArchiveEntry words it. */
function firstBadListed(entries: ListedEntry[]): string | undefined {
  for (const e of entries) {
    const bad = badArchiveEntry(e.name, e.target !== undefined ? { target: e.target, hard: e.type === 'link' } : undefined);
    if (bad) return bad;
  }
  return undefined;
}

// A listing of a big node_modules is tens of MB; the process runner's default capture limit is lower.
const LISTING_LIMIT_BYTES = 512 * 1024 * 1024;

/** Options of a {@link DependencyCache}. */
export interface DependencyCacheOptions {
  /** Unpack with the system's GNU tar when present (default); false: always tar-fs. */
  systemTar?: boolean;
}

/** The cache folder: entries, lookup, restore, save, eviction. */
export class DependencyCache {
  constructor(
    readonly dir: string,
    readonly maxBytes = DEFAULT_CACHE_MAX_BYTES,
    private readonly options: DependencyCacheOptions = {},
  ) {}

  /** Every entry, most recently used first. Entries whose files are damaged are left out. */
  list(): CacheEntryInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: CacheEntryInfo[] = [];
    for (const n of names) {
      try {
        const e = JSON.parse(readFileSync(join(this.dir, n), 'utf8')) as CacheEntryInfo;
        if (typeof e.key === 'string' && nameOf(e.key) === n.slice(0, -5)) out.push(e);
      } catch {
        // A half-written or foreign file: not an entry.
      }
    }
    return out.sort((a, b) => b.lastUsed - a.lastUsed);
  }

  /** Removes entries whose key starts with `prefix` (all without one); returns how many. */
  clear(prefix = ''): number {
    const gone = this.list().filter((e) => e.key.startsWith(prefix));
    for (const e of gone) this.remove(e.key);
    return gone.length;
  }

  private remove(key: string): void {
    const n = nameOf(key);
    rmSync(join(this.dir, `${n}.json`), { force: true });
    rmSync(join(this.dir, `${n}.tar.gz`), { force: true });
  }

  private writeInfo(e: CacheEntryInfo): void {
    const file = join(this.dir, `${nameOf(e.key)}.json`);
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify(e));
    renameSync(tmp, file);
  }

  /**
   * Unpacks the entry for `key` (or the newest under a restore key) into `cwd`. Entries that would
   * land outside it (absolute names, `..`, links leading out) are refused before anything is written.
   */
  async restore(cwd: string, key: string, restoreKeys: string[], signal?: AbortSignal): Promise<{ key: string; exact: boolean } | undefined> {
    const hit = pickEntry(this.list(), key, restoreKeys);
    if (!hit) return undefined;
    const archive = join(this.dir, `${nameOf(hit.entry.key)}.tar.gz`);
    if (!(await this.restoreWithSystemTar(archive, cwd, hit.entry.key, signal))) await this.restoreWithTarFs(archive, cwd, hit.entry.key, signal);
    this.writeInfo({ ...hit.entry, lastUsed: Date.now() });
    return { key: hit.entry.key, exact: hit.exact };
  }

  /** Unpacks with GNU tar after checking its listing; false when the system tar cannot be used for it. */
  private async restoreWithSystemTar(archive: string, cwd: string, key: string, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.options.systemTar === false || !(await gnuTarPresent())) return false;
    const listed = await runToolCommand(listCommand(archive), { signal, outputLimitBytes: LISTING_LIMIT_BYTES });
    if (!listed) return false;
    const bad = firstBadListed(listed);
    if (bad) throw new ToolError('invalid-input', `cache entry '${key}' refused: ${bad}`);
    mkdirSync(cwd, { recursive: true });
    await runToolCommand(extractCommand(archive, cwd), { signal });
    return true;
  }

  private async restoreWithTarFs(archive: string, cwd: string, key: string, signal: AbortSignal | undefined): Promise<void> {
    let bad: string | undefined;
    const check = archiveLib().extract(cwd, {
      map: (h) => {
        // tar-stream gives links a `linkname`, which @types/tar-fs leaves out.
        const target = (h as tar.Headers & { linkname?: string }).linkname ?? '';
        bad ??= badArchiveEntry(h.name, h.type === 'symlink' || h.type === 'link' ? { target, hard: h.type === 'link' } : undefined);
        return h;
      },
      ignore: () => true,
    });
    await pipe(createReadStream(archive), createGunzip(), check, { signal });
    if (bad) throw new ToolError('invalid-input', `cache entry '${key}' refused: ${bad}`);
    mkdirSync(cwd, { recursive: true });
    // Owners are the restoring user's (as root, tar-fs would otherwise chown every file to the archived ids).
    await pipe(createReadStream(archive), createGunzip(), archiveLib().extract(cwd, { chown: false } as tar.ExtractOptions), { signal });
  }

  /**
   * Archives the files under `paths` (relative to `cwd`) as the entry `key`, replacing one of the same
   * key, then evicts least recently used entries until the folder fits the size limit. Returns the
   * entry, or undefined when nothing matched or the archive alone is over the limit.
   */
  async save(cwd: string, key: string, paths: string[], signal?: AbortSignal): Promise<CacheEntryInfo | undefined> {
    const badPath = checkCachePaths(paths);
    if (badPath) throw new ToolError('invalid-input', badPath);
    const files = matchCacheFiles(cwd, paths).map((f) => posix.normalize(f));
    if (!files.length) return undefined;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const n = nameOf(key);
    const tmp = join(this.dir, `${n}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await pipe(archiveLib().pack(cwd, { entries: files }), createGzip(), createWriteStream(tmp), { signal });
      const size = statSync(tmp).size;
      if (size > this.maxBytes) return undefined;
      renameSync(tmp, join(this.dir, `${n}.tar.gz`));
      const now = Date.now();
      const entry: CacheEntryInfo = { key, size, created: now, lastUsed: now, files: files.length };
      this.writeInfo(entry);
      this.evict(key);
      return entry;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /** Drops least recently used entries (never `keep`) until the total size fits; returns their keys. */
  evict(keep?: string): string[] {
    const entries = this.list();
    let total = entries.reduce((s, e) => s + e.size, 0);
    const evicted: string[] = [];
    for (const e of [...entries].reverse()) {
      if (total <= this.maxBytes) break;
      if (e.key === keep) continue;
      this.remove(e.key);
      total -= e.size;
      evicted.push(e.key);
    }
    return evicted;
  }
}
