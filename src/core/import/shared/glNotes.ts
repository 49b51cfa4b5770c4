import { stringify } from 'yaml';
import type { DraftComment, DraftPath, ImportWarning, ImportWarningKind } from '../draft';

// Comments and warnings gathered while a converter walks its source (GitLab and Taskfile share it).
// A warning always comes with a comment at the same place, so the YAML says what the editor says.

export class ImportNotes {
  readonly comments: DraftComment[] = [];
  readonly warnings: ImportWarning[] = [];

  comment(path: DraftPath, text: string, placement?: 'before' | 'inline'): void {
    const same = this.comments.find((c) => c.placement === placement && samePath(c.path, path));
    if (same) {
      if (!same.text.split('\n').includes(text)) same.text = `${same.text}\n${text}`;
      return;
    }
    this.comments.push(placement ? { path, text, placement } : { path, text });
  }

  warn(kind: ImportWarningKind, path: DraftPath, message: string): void {
    this.warnings.push({ kind, path, message });
    this.comment(path, `${kind === 'stand-in' ? 'STAND-IN' : kind === 'dropped' ? 'DROPPED' : 'CHECK'}: ${message}`);
  }
}

function samePath(a: DraftPath, b: DraftPath): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** `key: value` as YAML, for quoting the source in a comment or a placeholder. */
export function quoteSource(key: string, value: unknown): string {
  return stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
}

/** A string usable as a step or job id (letters, digits, `-`, `_`), unique among `taken`. */
export function uniqueId(raw: string, taken: Set<string>): string {
  let id = raw.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 90) || 'step';
  if (!/^[A-Za-z_]/.test(id)) id = `s-${id}`;
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** Seconds as our duration text (`1h30m`, `90s` → `1m30s`). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return text || '0s';
}

/** Quotes text as a single-quoted expression string literal. */
export function exprString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
