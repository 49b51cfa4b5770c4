// File and folder names for path-valued `with` keys, relative to the pipeline file's folder (where the
// runner resolves them).
import { dirname, join, posix } from 'node:path';
import type { CompletionEntry } from './complete.js';
import type { PathKind } from './fileReferences.js';
import type { CursorLocation } from './locateAt.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', '__pycache__']);

/** Entries of the folder typed so far, filtered by what the key expects. */
export function completePath(
  pipelineFile: string,
  loc: CursorLocation,
  offset: number,
  expect: { kind: PathKind; filter?: RegExp },
  workspace: WorkspaceIndex,
): CompletionEntry[] {
  const typed = loc.prefix.replace(/^["']/, '');
  const slash = typed.lastIndexOf('/');
  const folderPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const base = posix.isAbsolute(folderPart) ? folderPart : join(dirname(pipelineFile), folderPart);
  const entries = workspace.listDir?.(base) ?? [];
  const range = { start: offset - (typed.length - folderPart.length), end: Math.max(offset, loc.wordRange.end) };
  const out: CompletionEntry[] = [];
  for (const e of entries) {
    if (e.isDirectory) {
      if (SKIP_DIRS.has(e.name)) continue;
      out.push({ label: `${e.name}/`, kind: 'folder', range, retrigger: true, sortText: `0${e.name}` });
    } else if (expect.kind !== 'directory' && (!expect.filter || expect.filter.test(e.name))) {
      out.push({ label: e.name, kind: 'file', range, sortText: `1${e.name}` });
    }
  }
  return out;
}
