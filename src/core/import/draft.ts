// The shape every CI importer produces: the pipeline as plain data in our format, plus what the
// emitter and the tests need beside it. Converters never build YAML text themselves, so formatting,
// comments and key order are decided in one place (emitDraft.ts).

export type SourceFormat = 'github' | 'gitlab' | 'taskfile';

/** A path into the draft pipeline, e.g. ['jobs', 'build', 'steps', 'compile']. */
export type DraftPath = readonly (string | number)[];

export interface DraftComment {
  path: DraftPath;
  /** Text without the leading '#'; may hold several lines. */
  text: string;
  /** 'before' = own lines above the key (default); 'inline' = after the value on the same line. */
  placement?: 'before' | 'inline';
}

export type ImportWarningKind =
  /** Replaced by a placeholder step: runs nothing useful until a person edits it. */
  | 'stand-in'
  /** Mapped, but the meaning differs in a way the user should check (e.g. a value moved to env:). */
  | 'changed-meaning'
  /** Dropped because it has no local meaning (a runner label, `runs-on`); said in a comment too. */
  | 'dropped';

export interface ImportWarning {
  kind: ImportWarningKind;
  /** Where in the draft the consequence shows (a step, a key); the editor puts its diagnostic there. */
  path: DraftPath;
  message: string;
}

/**
 * The source's own job graph, as the source format means it, for the round-trip check:
 * after import, our plan must have the same nodes, edges and matrix sizes.
 */
export interface SourceGraph {
  /** One node per job (GitHub, GitLab) or task (Taskfile), by the id it gets in the draft. */
  nodes: { id: string; matrixSize: number }[];
  /** `from` must finish before `to` starts. */
  edges: { from: string; to: string }[];
}

export interface ImportDraft {
  format: SourceFormat;
  /** The pipeline in our format as plain data (key order here is the order written). */
  pipeline: Record<string, unknown>;
  comments: DraftComment[];
  warnings: ImportWarning[];
  sourceGraph: SourceGraph;
}

export interface ImportError {
  /** 1-based line in the source file when known. */
  line?: number;
  message: string;
}

export type ImportResult =
  | { ok: true; draft: ImportDraft }
  | { ok: false; errors: ImportError[] };
