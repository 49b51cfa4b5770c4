// What the language features may ask about the world beyond the one text: other files, the run history.
// The VS Code adapter implements it over the file system and the run store; tests use a plain object.

/** The latest known run of a step, for hovers and expression values. */
export interface StepRunInfo {
  status: string;
  /** ISO time the run finished (or started, while running). */
  at?: string;
  durationMs?: number;
  outputs?: Record<string, string>;
}

/** One directory entry, for path completion. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

/**
 * The workspace as the language service sees it: synchronous lookups, all optional, so every feature
 * degrades to "no extra information" rather than failing.
 */
export interface WorkspaceIndex {
  /** Whether an absolute path exists (file or folder). */
  exists?(absPath: string): boolean;
  /** Reads a file for includes and templates; undefined when missing. */
  readFile?(absPath: string): string | undefined;
  /** Lists an absolute folder; undefined when missing. */
  listDir?(absPath: string): DirEntry[] | undefined;
  /** The last run of a step of a pipeline file, if the run store knows one. */
  lastRun?(pipelineFile: string, stepId: string): StepRunInfo | undefined;
  /** Other pipeline files in the workspace (absolute), for templates gallery and cross-file search. */
  pipelineFiles?(): string[];
}

/** An index that knows nothing; every feature still works on the text alone. */
export const EMPTY_WORKSPACE: WorkspaceIndex = {};
