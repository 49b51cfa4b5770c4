import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { ImportError } from '../draft';
import { isRecord } from '../../util/isRecord';

// Reads a .gitlab-ci.yml as GitLab does before it looks at jobs: YAML with anchors and `<<` merges,
// local includes merged under the main file, then `!reference [job, key]` tags replaced by what they
// point at. Remote, template, project and component includes are reported, not fetched.

export type GlConfig = Record<string, unknown>;

/** Where a `!reference` tag stood, until it is resolved. */
const REF = '__ansflowGitlabReference';

export interface GlLoadResult {
  config: GlConfig;
  /** Includes that were not read (remote, template, project, component, or a missing file), as written. */
  unresolvedIncludes: { original: unknown; reason: string }[];
  /** Local includes with `rules:`, merged whatever their rules say. */
  conditionalIncludes: string[];
  /** Comments of the main file before its first key, to keep above the pipeline. */
  headerComment?: string;
  /** Comments written above a top-level key (a job) of the main file. */
  keyComments: Map<string, string>;
}

function parseYaml(text: string): { value?: unknown; errors: ImportError[]; headerComment?: string; keyComments?: Map<string, string> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return { errors: doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] })) };
  visit(doc, {
    Seq(_, node) {
      if (node.tag === '!reference') return doc.createNode({ [REF]: node.toJSON() });
      return undefined;
    },
  });
  for (const node of [doc.contents]) if (isSeq(node)) return { errors: [{ line: 1, message: 'a .gitlab-ci.yml holds a map of keys, not a list' }] };
  const keyComments = new Map<string, string>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? pair.key : undefined;
      if (key?.commentBefore) keyComments.set(String(key.value), key.commentBefore.replace(/^ /gm, ''));
    }
  }
  const value = doc.toJS({ maxAliasCount: 10_000 });
  // The file's opening comment is the first key's when no blank line separates them.
  const first = isMap(doc.contents) && isScalar(doc.contents.items[0]?.key) ? String(doc.contents.items[0].key.value) : undefined;
  let headerComment = doc.commentBefore?.replace(/^ /gm, '') ?? undefined;
  if (!headerComment && first && (first.startsWith('.') || ['stages', 'variables', 'default', 'include', 'workflow', 'image', 'version'].includes(first))) {
    headerComment = keyComments.get(first);
    keyComments.delete(first);
  }
  return { value, errors: [], headerComment, keyComments };
}

/** GitLab's include merge: hashes merged key by key, anything else replaced by the later file. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

function includeEntries(include: unknown): unknown[] {
  if (include === undefined || include === null) return [];
  return Array.isArray(include) ? include : [include];
}

function localPath(entry: unknown): string | undefined {
  if (typeof entry === 'string') return /^https?:\/\//.test(entry) ? undefined : entry;
  if (isRecord(entry) && typeof entry.local === 'string' && Object.keys(entry).every((k) => k === 'local' || k === 'rules')) return entry.local;
  return undefined;
}

function readIncludes(config: GlConfig, dir: string, seen: Set<string>, out: GlLoadResult['unresolvedIncludes'], errors: ImportError[], conditional: string[]): GlConfig {
  let merged: GlConfig = {};
  for (const entry of includeEntries(config.include)) {
    const local = localPath(entry);
    if (local === undefined) {
      out.push({ original: entry, reason: 'a remote, template, project or component include is not fetched' });
      continue;
    }
    if (/[*?[]/.test(local)) {
      out.push({ original: entry, reason: 'a wildcard include is not expanded' });
      continue;
    }
    if (isRecord(entry) && entry.rules !== undefined) conditional.push(local);
    const file = resolve(dir, local.replace(/^\/+/, ''));
    if (seen.has(file)) continue;
    if (!existsSync(file)) {
      out.push({ original: entry, reason: `${local} was not found next to the source` });
      continue;
    }
    seen.add(file);
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    if (parsed.errors.length) {
      errors.push(...parsed.errors.map((e) => ({ ...e, message: `${local}: ${e.message}` })));
      continue;
    }
    if (!isRecord(parsed.value)) continue;
    const nested = readIncludes(parsed.value, dir, seen, out, errors, conditional);
    const { include: _ignored, ...own } = parsed.value;
    void _ignored;
    merged = deepMerge(merged, deepMerge(nested, own)) as GlConfig;
  }
  return merged;
}

/** Replaces every `!reference [name, key, …]` by the value it names (references inside it too). */
function resolveReferences(value: unknown, root: GlConfig, errors: ImportError[], depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, root, errors, depth));
  if (!isRecord(value)) return value;
  if (REF in value) {
    const path = value[REF] as unknown[];
    if (depth > 10) {
      errors.push({ message: `!reference [${path.join(', ')}] nests deeper than GitLab's 10 levels` });
      return null;
    }
    let target: unknown = root;
    for (const part of path) target = isRecord(target) ? target[String(part)] : undefined;
    if (target === undefined) {
      errors.push({ message: `!reference [${path.join(', ')}] names nothing in the file` });
      return null;
    }
    return resolveReferences(target, root, errors, depth + 1);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, root, errors, depth)]));
}

export function loadGitlab(text: string, sourcePath: string): { ok: true; result: GlLoadResult } | { ok: false; errors: ImportError[] } {
  const parsed = parseYaml(text);
  if (parsed.errors.length) return { ok: false, errors: parsed.errors };
  if (!isRecord(parsed.value)) return { ok: false, errors: [{ line: 1, message: 'a .gitlab-ci.yml holds a map of keys' }] };
  const errors: ImportError[] = [];
  const unresolvedIncludes: GlLoadResult['unresolvedIncludes'] = [];
  const conditionalIncludes: string[] = [];
  const included = readIncludes(parsed.value, dirname(resolve(sourcePath)), new Set([resolve(sourcePath)]), unresolvedIncludes, errors, conditionalIncludes);
  const { include: _ignored, ...own } = parsed.value;
  void _ignored;
  const merged = deepMerge(included, own) as GlConfig;
  const config = resolveReferences(merged, merged, errors) as GlConfig;
  if (errors.length) return { ok: false, errors };
  return { ok: true, result: { config, unresolvedIncludes, conditionalIncludes, headerComment: parsed.headerComment, keyComments: parsed.keyComments ?? new Map() } };
}
