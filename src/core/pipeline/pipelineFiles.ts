// Which files are pipelines: the one definition behind the manifest's language contribution
// (package.json `contributes.languages`), the editor's file search and watchers, and the CLI's
// folder expansion. A test keeps these constants equal to package.json.

/** File name endings that make a file a pipeline anywhere in the workspace. */
export const PIPELINE_FILE_EXTENSIONS: readonly string[] = ['.ansflow.yaml', '.ansflow.yml'];

/** Glob patterns for YAML files inside a `.ansflow/` folder, at any depth. */
export const PIPELINE_FILENAME_PATTERNS: readonly string[] = ['**/.ansflow/**/*.yaml', '**/.ansflow/**/*.yml'];

/** Every pipeline pattern as one glob list (extensions turned into `**` globs). */
export const PIPELINE_GLOBS: readonly string[] = [...PIPELINE_FILE_EXTENSIONS.map((e) => `**/*${e}`), ...PIPELINE_FILENAME_PATTERNS];

/** The same list as one brace glob, for APIs that take a single pattern. */
export const PIPELINE_GLOB = `{${PIPELINE_GLOBS.join(',')}}`;

/** The run store folder: YAML there is run history, never a pipeline. */
export const RUN_STORE_GLOB = '**/.ansflow/runs/**';

/** Folders a search for pipelines never enters. */
export const PIPELINE_SEARCH_EXCLUDE_GLOB = `{**/node_modules/**,${RUN_STORE_GLOB}}`;

const EXTENSION = /\.ansflow\.ya?ml$/;
const IN_ANSFLOW = /(?:^|\/)\.ansflow\/(?:[^/]+\/)*[^/]+\.ya?ml$/;
const IN_RUN_STORE = /(?:^|\/)\.ansflow\/runs\//;

/** The same file test as one regex source, for matchers outside JavaScript (the fish completion's `string match -r`). */
export const PIPELINE_PATH_REGEX_SOURCE = `(?:${EXTENSION.source}|${IN_ANSFLOW.source})`;

/** True for a path (absolute or relative, `/` or `\`) that is a pipeline file by the patterns above. */
export function isPipelineFile(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (IN_RUN_STORE.test(p)) return false;
  return EXTENSION.test(p) || IN_ANSFLOW.test(p);
}
