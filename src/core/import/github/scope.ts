// What the GitHub converter collects while it walks a workflow: warnings and comments for the draft,
// the secrets and params expressions read (declared at the top afterwards), and the step ids of the
// job being converted (GitHub step ids are per job; ours are unique in the pipeline).
import type { DraftComment, DraftPath, ImportWarning, ImportWarningKind } from '../draft';

export class ImportScope {
  readonly warnings: ImportWarning[] = [];
  readonly comments: DraftComment[] = [];
  readonly secrets = new Set<string>();
  /** Param name → where it came from (for its description). */
  readonly params = new Map<string, string>();
  /** GitHub step id → our step id, for the job being converted. */
  stepIds = new Map<string, string>();
  /** Matrix keys of the job being converted whose every value is one plain word. */
  plainMatrixKeys = new Set<string>();
  /** Our step ids of each job converted so far (for `needs.<job>.result`). */
  readonly jobSteps = new Map<string, string[]>();
  /** The job being converted has a matrix computed at run time, which is not translated. */
  matrixDropped = false;
  /** Artifact name → the step that keeps it and the folder its paths share (upload-artifact's root). */
  readonly artifacts = new Map<string, { step: string; root: string; matrix: boolean }>();
  /** Notes about approximated expressions, one warning per distinct note at the end. */
  readonly notes = new Map<string, DraftPath>();

  warn(kind: ImportWarningKind, path: DraftPath, message: string): void {
    this.warnings.push({ kind, path, message });
  }

  comment(path: DraftPath, text: string, placement?: 'before' | 'inline'): void {
    this.comments.push({ path, text, ...(placement ? { placement } : {}) });
  }

  note(path: DraftPath, message: string): void {
    if (!this.notes.has(message)) this.notes.set(message, path);
  }
}
