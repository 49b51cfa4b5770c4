import { stringify } from 'yaml';
import type { DraftComment, DraftPath, ImportWarning, ImportWarningKind } from '../draft';

// Comments and warnings gathered while the GitLab or Taskfile converter walks its source (GitHub
// keeps its own ImportScope, whose warnings add no comment, so its goldens differ in kind).
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
