import type { ImportResult } from '../draft';

/** Converts a `.gitlab-ci.yml` into an import draft. */
export function importGitlab(text: string, source: { path: string }): ImportResult {
  void text;
  void source;
  return { ok: false, errors: [{ message: 'not built yet' }] };
}
