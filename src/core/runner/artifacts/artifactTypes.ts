// What the run store keeps about a step's artifacts (see collectArtifacts / RunArtifacts).

/** One kept file. */
export interface ArtifactRecord {
  /** The path as matched, relative to the step's working directory (masked). */
  path: string;
  size: number;
  /** Where the copy lives, relative to the run's folder (`artifacts/<step>/<path>`, encoded). */
  stored: string;
}

/** A matched path that was not kept, and why (outside the workspace, over the size limit, …). */
export interface ArtifactSkip {
  path: string;
  reason: string;
}

/** The `run.jsonl` record listing a step's artifacts. */
export interface StepArtifactsRecord {
  type: 'step-artifacts';
  runId: string;
  time: number;
  step: string;
  files: ArtifactRecord[];
  skipped: ArtifactSkip[];
}

/** Limits on what one step may keep. */
export interface ArtifactLimits {
  /** Total bytes per step (default 100 MiB). */
  maxBytes: number;
  /** Files per step (default 1,000). */
  maxFiles: number;
}

export const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = { maxBytes: 100 * 1024 * 1024, maxFiles: 1000 };
