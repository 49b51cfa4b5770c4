// `type: file` — file operations without a shell: copy, move, template, write, archive, extract,
// backup (timestamped names with retention) and delete. Relative paths resolve against the
// workspace, and paths outside it and the run's artifact folder — also through symbolic links — are
// refused unless `allowOutsideWorkspace: true` (see confinePath.ts).
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type * as tar from 'tar-fs';
import type { Zippable } from 'fflate';
import { archiveLib } from '../../../lazy/archive.js';
import type { StepOutcome, StepParamProblem, StepType } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import type { RunnerStepContext } from '../../stepContext.js';
import { matchFiles } from '../../cache/cacheKey.js';
import { badArchiveEntry, confine, confinement, destinationConfinement, openForWrite, type Confinement, type PathUse } from './confinePath.js';
import { copyConfined } from './copyConfined.js';
import { WithParams } from '../WithParams.js';

const GLOB = /[*?{]/;

/** Workspace-relative files for `src` (a path, a glob, or a list of either); literal paths are kept as given. */
export function expandSources(workspace: string, src: unknown): { paths: string[]; globbed: boolean } {
  const list = (Array.isArray(src) ? src : [src]).map(String);
  const globbed = list.some((s) => GLOB.test(s));
  const paths = list.flatMap((s) => (GLOB.test(s) ? matchFiles(workspace, [s]) : [s]));
  return { paths: [...new Set(paths)], globbed };
}

/** The folder part of a glob before its first wildcard, e.g. `src/app` for `src/app/**\/*.ts`. */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const i = parts.findIndex((p) => GLOB.test(p));
  return parts.slice(0, i < 0 ? parts.length - 1 : i).join('/');
}

const ACTIONS = ['copy', 'move', 'template', 'write', 'archive', 'extract', 'backup', 'delete'] as const;
const FORMATS = ['tar.gz', 'tgz', 'zip'] as const;
type Action = (typeof ACTIONS)[number];

const NEEDS: Record<Action, Array<'src' | 'dest' | 'content'>> = {
  copy: ['src', 'dest'],
  move: ['src', 'dest'],
  template: ['dest'],
  write: ['dest', 'content'],
  archive: ['src', 'dest'],
  extract: ['src', 'dest'],
  backup: ['src'],
  delete: ['src'],
};

/** Which archive format a file name implies. */
export function archiveFormat(name: string, explicit?: unknown): 'tar.gz' | 'zip' | undefined {
  if (explicit === 'zip' || explicit === 'tar.gz') return explicit;
  if (explicit === 'tgz') return 'tar.gz';
  if (/\.zip$/i.test(name)) return 'zip';
  if (/\.(tar\.gz|tgz)$/i.test(name)) return 'tar.gz';
  return undefined;
}

/** A timestamp safe in file names: `20260131-235959`. */
export function backupStamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Writes all of `data` to an open file and closes it. */
function writeAll(fd: number, data: string | Uint8Array): void {
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
  } finally {
    closeSync(fd);
  }
}

/** Reads a .tar.gz once without writing anything and returns why its first bad entry may not be unpacked. */
async function badTarEntry(src: string, dest: string, signal: AbortSignal): Promise<string | undefined> {
  let bad: string | undefined;
  const check = archiveLib().extract(dest, {
    map: (h) => {
      // tar-stream gives links a `linkname`, which @types/tar-fs leaves out.
      const target = (h as tar.Headers & { linkname?: string }).linkname ?? '';
      const link = h.type === 'symlink' || h.type === 'link' ? { target, hard: h.type === 'link' } : undefined;
      bad ??= badArchiveEntry(h.name, link);
      return h;
    },
    ignore: () => true,
  });
  await pipe(createReadStream(src), createGunzip(), check, { signal });
  return bad;
}

function zipTree(src: string): Zippable {
  const out: Zippable = {};
  const walk = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs, `${prefix}${e.name}/`);
      else if (e.isFile()) out[`${prefix}${e.name}`] = readFileSync(abs);
    }
  };
  if (statSync(src).isDirectory()) walk(src, '');
  else out[basename(src)] = readFileSync(src);
  return out;
}

/** `mode` (an octal text such as `0644`) as a number. */
function modeOf(r: WithParams): number | undefined {
  const m = r.string('mode');
  if (m === undefined) return undefined;
  return /^0?[0-7]{3,4}$/.test(m) ? parseInt(m, 8) : r.fail('mode', `expected an octal mode such as "0644", got ${JSON.stringify(m)}`);
}

/** Runs one file operation. `with`: action, src?, dest?, content?, overwrite?, keep?, format?. */
export const fileStepType: StepType = {
  type: 'file',
  validate(w): StepParamProblem[] {
    const r = WithParams.check(w);
    const action = r.enum('action', ACTIONS);
    if (!action) return r.problems.length ? r.problems : [{ key: 'action', message: `must be one of ${ACTIONS.join(', ')}` }];
    const problems: StepParamProblem[] = [];
    for (const k of NEEDS[action]) if (w[k] === undefined) problems.push({ key: k, message: `'${action}' needs \`${k}\`` });
    if (action === 'template' && w.src === undefined && w.content === undefined) problems.push({ key: 'src', message: "'template' needs `src` (a template file) or `content`" });
    if ((action === 'archive' || action === 'extract') && !archiveFormat(String(action === 'archive' ? w.dest : w.src), r.enum('format', FORMATS))) {
      problems.push({ key: 'format', message: 'cannot tell the archive format: name it .tar.gz, .tgz or .zip, or set `format`' });
    }
    r.number('keep', { integer: true, min: 1 });
    modeOf(r);
    for (const k of ['overwrite', 'append', 'allowOutsideWorkspace', 'missingOk']) r.bool(k);
    return [...problems, ...r.problems];
  },
  describe(w) {
    return `${String(w.action)} ${[w.src, w.dest].filter((x) => x !== undefined).map(String).join(' → ')}`;
  },
  async dryRun(ctx) {
    ctx.log("system", `[dry run] file ${fileStepType.describe!(ctx.with)}\n`);
    return { exitCode: 0 };
  },
  async run(context): Promise<StepOutcome> {
    const ctx = context as RunnerStepContext;
    const w = ctx.with;
    const r = WithParams.of(ctx);
    const action = r.enum('action', ACTIONS)!;
    const format = r.enum('format', FORMATS);
    // `src` is read through links; `dest` is written, so a link as its last component is refused.
    const path = (key: 'src' | 'dest', use: PathUse = key === 'src' ? 'read' : 'write'): string =>
      confine(conf, resolve(ctx.workspace, String(w[key])), use, `${key} '${String(w[key])}'`);
    const must = (p: string, what: string) => {
      if (!existsSync(p)) throw new ToolError('not-found', `${what} '${relative(ctx.workspace, p) || p}' does not exist`);
    };
    const outsideAllowed = r.bool('allowOutsideWorkspace', false);
    const conf: Confinement = confinement(ctx.workspace, ctx.env.ANSFLOW_ARTIFACTS, !outsideAllowed);
    const overwrite = r.bool('overwrite', true);
    const say = (text: string) => ctx.log('stdout', `${text}\n`);

    switch (action) {
      case 'copy': {
        if (Array.isArray(w.src) || GLOB.test(String(w.src))) {
          // Several sources: `dest` is a folder; each file keeps its path below the glob's base.
          const dest = path('dest', 'read');
          const { paths } = expandSources(ctx.workspace, w.src);
          const bases = (Array.isArray(w.src) ? w.src : [w.src]).map(String).filter((g) => GLOB.test(g)).map(globBase);
          for (const rel of paths) {
            const abs = confine(conf, resolve(ctx.workspace, rel), 'read', `src '${rel}'`);
            must(abs, 'source');
            const base = bases.find((b) => b && rel.startsWith(`${b}/`));
            const target = join(dest, base ? rel.slice(base.length + 1) : basename(rel));
            mkdirSync(confine(conf, dirname(target), 'read', `dest '${String(w.dest)}'`), { recursive: true });
            copyConfined(conf, abs, target, overwrite, `dest '${String(w.dest)}'`);
          }
          say(`copied ${paths.length} path(s) → ${w.dest}`);
          return { exitCode: 0, outputs: { path: dest, count: String(paths.length) } };
        }
        const [src, dest] = [path('src'), path('dest')];
        must(src, 'source');
        mkdirSync(dirname(dest), { recursive: true });
        copyConfined(conf, src, dest, overwrite, `dest '${String(w.dest)}'`);
        say(`copied ${w.src} → ${w.dest}`);
        return { exitCode: 0, outputs: { path: dest } };
      }
      case 'move': {
        // The source is moved as an entry (a link moves as the link), so only its folder is resolved.
        const [src, dest] = [path('src', 'entry'), path('dest')];
        must(src, 'source');
        if (!overwrite && existsSync(dest)) throw new ToolError('conflict', `destination '${w.dest}' exists`, 'Set overwrite: true to replace it.');
        mkdirSync(dirname(dest), { recursive: true });
        try {
          renameSync(src, dest);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
          // Across filesystems rename fails; copy then remove.
          copyConfined(conf, confine(conf, src, 'read', `src '${String(w.src)}'`), dest, true, `dest '${String(w.dest)}'`);
          rmSync(src, { recursive: true, force: true });
        }
        say(`moved ${w.src} → ${w.dest}`);
        return { exitCode: 0, outputs: { path: dest } };
      }
      case 'template':
      case 'write': {
        const dest = path('dest');
        const content = r.get('content') === undefined ? undefined : (r.string('content') ?? '');
        let text = content ?? (must(path('src'), 'template'), readFileSync(path('src'), 'utf8'));
        // Text templating, once: `content` was already interpolated by the runner, a `src` file is
        // interpolated here; a second pass would evaluate `${{ }}` found inside inserted values.
        if (action === 'template' && content === undefined) text = ctx.interpolate(text);
        if (!overwrite && existsSync(dest)) throw new ToolError('conflict', `destination '${w.dest}' exists`, 'Set overwrite: true to replace it.');
        mkdirSync(dirname(dest), { recursive: true });
        writeAll(openForWrite(conf, dest, `dest '${String(w.dest)}'`, { append: r.bool('append', false), mode: modeOf(r) }), text);
        say(`wrote ${w.dest} (${Buffer.byteLength(text)} bytes)`);
        return { exitCode: 0, outputs: { path: dest } };
      }
      case 'archive': {
        const dest = path('dest');
        if (Array.isArray(w.src) || GLOB.test(String(w.src))) {
          // Several sources: entries keep their workspace-relative paths.
          const { paths } = expandSources(ctx.workspace, w.src);
          for (const rel of paths) must(confine(conf, resolve(ctx.workspace, rel), 'read', `src '${rel}'`), 'source');
          mkdirSync(dirname(dest), { recursive: true });
          if (archiveFormat(dest, format) === 'zip') {
            const entries: Zippable = {};
            for (const rel of paths) for (const [k, v] of Object.entries(zipTree(resolve(ctx.workspace, rel)))) entries[statSync(resolve(ctx.workspace, rel)).isDirectory() ? `${rel}/${k}` : rel] = v;
            writeAll(openForWrite(conf, dest, `dest '${String(w.dest)}'`), archiveLib().zipSync(entries, { level: 6 }));
          } else await pipe(archiveLib().pack(ctx.workspace, { entries: paths }), createGzip(), createWriteStream(dest, { fd: openForWrite(conf, dest, `dest '${String(w.dest)}'`) }), { signal: ctx.signal });
          say(`archived ${paths.length} path(s) → ${w.dest} (${statSync(dest).size} bytes)`);
          return { exitCode: 0, outputs: { path: dest, count: String(paths.length) } };
        }
        const src = path('src');
        must(src, 'source');
        mkdirSync(dirname(dest), { recursive: true });
        if (archiveFormat(dest, format) === 'zip') writeAll(openForWrite(conf, dest, `dest '${String(w.dest)}'`), archiveLib().zipSync(zipTree(src), { level: 6 }));
        else {
          const isDir = statSync(src).isDirectory();
          const packer = isDir ? archiveLib().pack(src) : archiveLib().pack(dirname(src), { entries: [basename(src)] });
          await pipe(packer, createGzip(), createWriteStream(dest, { fd: openForWrite(conf, dest, `dest '${String(w.dest)}'`) }), { signal: ctx.signal });
        }
        say(`archived ${w.src} → ${w.dest} (${statSync(dest).size} bytes)`);
        return { exitCode: 0, outputs: { path: dest } };
      }
      case 'extract': {
        // The destination is a folder to unpack into: links to folders inside are fine to follow.
        const [src, dest] = [path('src'), path('dest', 'read')];
        must(src, 'archive');
        if (archiveFormat(src, format) === 'zip') {
          const entries = Object.entries(archiveLib().unzipSync(readFileSync(src)));
          // Refuse the whole archive before writing anything when one entry would leave the destination (zip slip).
          const bad = entries.map(([name]) => badArchiveEntry(name)).find(Boolean);
          if (bad) throw new ToolError('invalid-input', bad);
          mkdirSync(dest, { recursive: true });
          const into = destinationConfinement(dest);
          for (const [name, data] of entries) {
            const target = resolve(dest, name);
            const label = `archive entry '${name}'`;
            if (name.endsWith('/')) mkdirSync(confine(into, target, 'read', label), { recursive: true });
            else {
              mkdirSync(confine(into, dirname(target), 'read', label), { recursive: true });
              writeAll(openForWrite(into, confine(into, target, 'write', label), label), data);
            }
          }
        } else {
          const bad = await badTarEntry(src, dest, ctx.signal);
          if (bad) throw new ToolError('invalid-input', bad);
          mkdirSync(dest, { recursive: true });
          // tar-fs also refuses links out of the folder and never writes through an existing link.
          await pipe(createReadStream(src), createGunzip(), archiveLib().extract(dest), { signal: ctx.signal });
        }
        say(`extracted ${w.src} → ${w.dest}`);
        return { exitCode: 0, outputs: { path: dest } };
      }
      case 'backup': {
        const src = path('src');
        must(src, 'source');
        const dir = w.dest !== undefined ? path('dest', 'read') : confine(conf, join(dirname(src), '.backups'), 'read', `src '${String(w.src)}'`);
        mkdirSync(dir, { recursive: true });
        const ext = extname(src);
        const stem = basename(src, ext);
        let name = `${stem}-${backupStamp()}${ext}`;
        for (let i = 1; existsSync(join(dir, name)); i++) name = `${stem}-${backupStamp()}-${i}${ext}`;
        copyConfined(conf, src, join(dir, name), false, `backup '${name}'`);
        // Retention: keep the newest `keep` backups of this source (names sort by time).
        const keep = r.number('keep', { integer: true, min: 1 });
        const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{8}-\\d{6}(-\\d+)?${ext.replace(/\./g, '\\.')}$`);
        const all = readdirSync(dir)
          .filter((n) => pattern.test(n))
          .sort((a, b) => statSync(join(dir, a)).mtimeMs - statSync(join(dir, b)).mtimeMs || a.localeCompare(b));
        const removed = keep !== undefined ? all.slice(0, Math.max(0, all.length - keep)) : [];
        for (const n of removed) rmSync(join(dir, n), { recursive: true, force: true });
        say(`backed up ${w.src} → ${relative(ctx.workspace, join(dir, name))}${removed.length ? `; removed ${removed.length} old backup(s)` : ''}`);
        return { exitCode: 0, outputs: { path: join(dir, name) } };
      }
      case 'delete': {
        const targets = expandSources(ctx.workspace, w.src).paths.map((s) => {
          const p = resolve(ctx.workspace, String(s));
          if (!outsideAllowed && (!inside(ctx.workspace, p) || p === resolve(ctx.workspace))) {
            throw new ToolError('invalid-input', `refusing to delete '${String(s)}': not inside the workspace`);
          }
          // The last component is removed itself (a link is removed, not its target); the folders above it must be inside.
          return confine(conf, p, 'entry', `src '${String(s)}'`);
        });
        for (const p of targets) {
          if (!existsSync(p) && !r.bool('missingOk', true)) throw new ToolError('not-found', `'${relative(ctx.workspace, p)}' does not exist`);
          rmSync(p, { recursive: true, force: true });
          say(`deleted ${relative(ctx.workspace, p)}`);
        }
        return { exitCode: 0 };
      }
    }
  },
};
