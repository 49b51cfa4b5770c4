// Which CI format a file holds: by its name first (the conventional places), then by its keys, so a
// workflow saved elsewhere (a copy in a docs folder, a pasted file) is still recognised.
import { isMap, parseDocument } from 'yaml';
import type { SourceFormat } from './draft';
import { isRecord } from '../util/isRecord';

const SOURCE_FORMATS: readonly SourceFormat[] = ['github', 'gitlab', 'taskfile'];

export function isSourceFormat(value: string): value is SourceFormat {
  return (SOURCE_FORMATS as readonly string[]).includes(value);
}

function byName(path: string): SourceFormat | undefined {
  const p = path.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) return 'github';
  if (/^\.gitlab-ci\.ya?ml$/.test(base)) return 'gitlab';
  if (/^taskfile(\.dist)?\.ya?ml$/i.test(base)) return 'taskfile';
  return undefined;
}

function byKeys(text: string): SourceFormat | undefined {
  // YAML 1.2 (the yaml library's default) keeps `on:` as the text "on", as GitHub reads it.
  const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
  if (!isMap(doc.contents)) return undefined;
  const top = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>;
  const jobs = top.jobs;
  if ('on' in top && isRecord(jobs) && Object.values(jobs).some((j) => isRecord(j) && ('runs-on' in j || 'steps' in j || 'uses' in j))) return 'github';
  const tasks = top.tasks;
  if (isRecord(tasks) && (String(top.version ?? '').startsWith('3') || Object.values(tasks).some((t) => isRecord(t) && 'cmds' in t))) return 'taskfile';
  if ('stages' in top) return 'gitlab';
  if (Object.entries(top).some(([k, v]) => !k.startsWith('.') && isRecord(v) && 'script' in v)) return 'gitlab';
  return undefined;
}

/** The CI format of `text` (read from `path`), or undefined when it is none of the three. */
export function detectFormat(path: string, text: string): SourceFormat | undefined {
  try {
    return byName(path) ?? byKeys(text);
  } catch {
    return undefined;
  }
}
