// One entry point for every CI importer: pick the format (detected or forced) and hand the text to
// its converter. Callers (the CLI, the editor command) never import a converter directly.
import type { ImportResult, SourceFormat } from './draft';
import { detectFormat } from './detectFormat';
import { importGithub } from './github/importGithub';
import { importGitlab } from './gitlab/importGitlab';
import { importTaskfile } from './taskfile/importTaskfile';

export type { ImportDraft, ImportResult, ImportWarning, SourceFormat } from './draft';
export { emitDraft } from './emitDraft';
export { detectFormat, isSourceFormat } from './detectFormat';

const CONVERTERS: Record<SourceFormat, (text: string, source: { path: string }) => ImportResult> = {
  github: importGithub,
  gitlab: importGitlab,
  taskfile: importTaskfile,
};

/** Converts one CI file; `from` forces the format, else it is detected from the path and the keys. */
export function importCi(path: string, text: string, options: { from?: SourceFormat } = {}): ImportResult {
  const format = options.from ?? detectFormat(path, text);
  if (!format) {
    return { ok: false, errors: [{ message: 'not a GitHub Actions workflow, .gitlab-ci.yml or Taskfile (name --from github|gitlab|taskfile to force one)' }] };
  }
  return CONVERTERS[format](text, { path });
}
