import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ImportError } from '../draft';
import { entryComments } from '../shared/entryComments';
import { isRecord } from '../../util/isRecord';

// Reads a Taskfile (v3) and the local Taskfiles it includes into one list of tasks, each named as
// Task names it (`docs:build` for task `build` of the `docs` include) with the file it came from.

export interface TfFile {
  /** '' for the main file, else `ns:` (empty again for `flatten: true`). */
  prefix: string;
  vars: Record<string, unknown>;
  env: Record<string, unknown>;
  dotenv: string[];
  method?: string;
  /** The include's `dir:`, relative to the main Taskfile's folder. */
  dir?: string;
  silent: boolean;
}

export interface TfTask {
  name: string;
  file: TfFile;
  def: Record<string, unknown>;
  comment?: string;
}

export interface TfLoadResult {
  tasks: TfTask[];
  main: TfFile;
  remoteIncludes: { namespace: string; original: unknown }[];
  headerComment?: string;
  /** Top-level keys the converter reports (output, run, interval, set, shopt). */
  top: Record<string, unknown>;
}

function parse(text: string): { value?: Record<string, unknown>; errors: ImportError[]; comments: Map<string, string>; header?: string } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const comments = new Map<string, string>();
  if (doc.errors.length) return { errors: doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] })), comments };
  const value: unknown = doc.toJS({ maxAliasCount: 10_000 });
  if (!isRecord(value)) return { errors: [{ line: 1, message: 'a Taskfile holds a map with version and tasks' }], comments };
  let header = doc.commentBefore?.replace(/^ /gm, '') ?? undefined;
  if (isMap(doc.contents)) {
    const first = doc.contents.items[0];
    if (!header && isScalar(first?.key) && first.key.commentBefore) header = first.key.commentBefore.replace(/^ /gm, '');
    const tasks = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'tasks')?.value;
    for (const [name, comment] of entryComments(tasks)) comments.set(String(name), comment);
  }
  return { value, errors: [], comments, header };
}

function normalizeTask(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return { cmds: [v] };
  if (Array.isArray(v)) return { cmds: v };
  return isRecord(v) ? v : {};
}

function taskfileIn(path: string): string | undefined {
  if (existsSync(path) && statSync(path).isFile()) return path;
  for (const name of ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml']) {
    if (existsSync(join(path, name))) return join(path, name);
  }
  return undefined;
}

export function loadTaskfile(text: string, sourcePath: string): { ok: true; result: TfLoadResult } | { ok: false; errors: ImportError[] } {
  const root = dirname(resolve(sourcePath));
  const errors: ImportError[] = [];
  const tasks: TfTask[] = [];
  const remoteIncludes: TfLoadResult['remoteIncludes'] = [];
  const parsed = parse(text);
  if (!parsed.value) return { ok: false, errors: parsed.errors };
  const version = String(parsed.value.version ?? '');
  if (!/^3(\.|$)/.test(version)) return { ok: false, errors: [{ line: 1, message: `only Taskfile version 3 is read (this one says version: ${version || 'nothing'})` }] };

  const fileOf = (v: Record<string, unknown>, prefix: string, dir: string | undefined, extraVars: Record<string, unknown>): TfFile => ({
    prefix,
    vars: { ...(isRecord(v.vars) ? v.vars : {}), ...extraVars },
    env: isRecord(v.env) ? v.env : {},
    dotenv: Array.isArray(v.dotenv) ? v.dotenv.map(String) : [],
    method: typeof v.method === 'string' ? v.method : undefined,
    dir,
    silent: v.silent === true,
  });

  const visit = (value: Record<string, unknown>, file: TfFile, comments: Map<string, string>, fileDir: string, seen: Set<string>) => {
    if (isRecord(value.includes)) {
      for (const [ns, spec] of Object.entries(value.includes)) {
        const inc = typeof spec === 'string' ? { taskfile: spec } : isRecord(spec) ? spec : {};
        const target = String(inc.taskfile ?? '');
        if (/^(https?|git):\/\//.test(target) || /\.git\/\//.test(target)) {
          remoteIncludes.push({ namespace: file.prefix + ns, original: spec });
          continue;
        }
        const path = taskfileIn(resolve(fileDir, target));
        if (!path) {
          if (inc.optional !== true) errors.push({ message: `include '${ns}': ${target} was not found` });
          continue;
        }
        if (seen.has(path)) continue;
        const sub = parse(readFileSync(path, 'utf8'));
        if (!sub.value) {
          errors.push(...sub.errors.map((e) => ({ ...e, message: `${target}: ${e.message}` })));
          continue;
        }
        const dir = typeof inc.dir === 'string' ? relative(root, resolve(fileDir, inc.dir)) || '.' : file.dir;
        const prefix = inc.flatten === true ? file.prefix : `${file.prefix}${ns}:`;
        const subFile = fileOf(sub.value, prefix, dir, isRecord(inc.vars) ? inc.vars : {});
        subFile.vars = { ...file.vars, ...subFile.vars };
        visit(sub.value, subFile, sub.comments, dirname(path), new Set([...seen, path]));
        if (inc.internal === true) for (const t of tasks) if (t.file === subFile) t.def = { ...t.def, internal: true };
      }
    }
    if (isRecord(value.tasks)) {
      for (const [name, def] of Object.entries(value.tasks)) tasks.push({ name: file.prefix + name, file, def: normalizeTask(def), comment: comments.get(name) });
    }
  };
  const main = fileOf(parsed.value, '', undefined, {});
  visit(parsed.value, main, parsed.comments, root, new Set([resolve(sourcePath)]));
  if (errors.length) return { ok: false, errors };
  const top = Object.fromEntries(['output', 'run', 'interval', 'set', 'shopt', 'silent'].filter((k) => parsed.value![k] !== undefined).map((k) => [k, parsed.value![k]]));
  return { ok: true, result: { tasks, main, remoteIncludes, headerComment: parsed.header, top } };
}
