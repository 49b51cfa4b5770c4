import type { ImportResult } from '../draft';

/** Converts a Taskfile (v3) into an import draft. */
export function importTaskfile(text: string, source: { path: string }): ImportResult {
  void text;
  void source;
  return { ok: false, errors: [{ message: 'not built yet' }] };
}
