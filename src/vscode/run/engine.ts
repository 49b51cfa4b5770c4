// The one place the editor reaches into the engine: parsing a pipeline and starting a run. Every
// other file in src/vscode/run talks to these ports, so an engine API change is a one-file edit.
import type { RunEvent } from '../../core/contracts/events.js';
import type { ParsedPipeline } from '../../core/pipeline/model.js';
import type { RunOptions } from '../../core/runner/runTypes.js';

/** What the editor asks the runner for. Mapped onto the runner's RunOptions in {@link EnginePort.start}. */
export interface RunRequest {
  /** Absolute pipeline file. */
  file: string;
  trigger: string;
  params: Record<string, string | number | boolean>;
  /** Only these step ids (with what they need when `withNeeds`); all steps when absent. */
  only?: string[];
  /** Start from this step id: it and everything after it in the graph. */
  from?: string;
  /** Run only steps that failed in this earlier run (and what depends on them). */
  rerunFailedOf?: string;
  dryRun: boolean;
  /** Resolves a secret by name (or its explicit storage key); undefined when the person declined to give it. */
  secret: (name: string, key?: string) => Promise<string | undefined>;
  /** Asks for an approval; resolves with the decision and who made it. */
  approve: (step: string, message: string, approvers: string[], timeoutMs: number | undefined, signal: AbortSignal, runId: string) => Promise<{ decision: 'approved' | 'rejected' | 'timed-out'; by: string; comment?: string }>;
  concurrency: number;
  interpreters?: { shell?: string; python?: string; node?: string };
  /** Workspace folder; the run store lives in its `.ansflow/runs`. */
  workspaceRoot: string;
  /** The dependency cache settings (`ansflow.cache.*`); unset means the user default. */
  dependencyCache?: { directory?: string; maxSizeMB?: number };
}

/** A started run, as the runner hands it back. */
export interface RunHandleLike {
  readonly runId: string;
  onEvent(listener: (e: RunEvent) => void): { dispose(): void };
  cancel(reason?: string): void;
  readonly done: Promise<unknown>;
}

/** One stored run's step, as history views need it. */
export interface StoredStep {
  step: string;
  stepId: string;
  status: string;
  /** GitHub's value after continueOnError (contracts/statusMapping); absent for live steps. */
  conclusion?: string;
  durationMs?: number;
  attempts: number;
  exitCode?: number;
  reason?: string;
  /** Files the step kept (`artifacts:`). */
  artifacts?: StoredArtifact[];
  /** The job (`jobs:`) the step sits in, and the job instance of a matrix job. */
  job?: string;
  jobKey?: string;
}

/** One kept artifact: the path as the step matched it, its size, and its key in the run store. */
export interface StoredArtifact {
  path: string;
  size: number;
  /** Pass to {@link HistoryPort.artifactPath}; never a file name itself. */
  stored: string;
}

/** A stored run, as history views need it. */
export interface StoredRun {
  runId: string;
  pipeline: string;
  file?: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  trigger: string;
  steps: StoredStep[];
}

/** Read side of the run store. */
export interface HistoryPort {
  list(limit: number): StoredRun[];
  get(runId: string): StoredRun | undefined;
  readLog(runId: string, step: string): string | undefined;
  delete(runId: string): void;
  /** Absolute path of a kept artifact of a listed run, or undefined (unknown run, bad key, deleted). */
  artifactPath(runId: string, stored: string): string | undefined;
  /** Folder of the store, so the glue can watch it for runs started by the CLI. */
  readonly root: string;
  /** Changes when the index or (with `runId`) that run's records change: for polling the store. */
  stamp(runId?: string): string;
}

/** The engine as the editor sees it. */
export interface EnginePort {
  parse(text: string, file: string, readFile: (absPath: string) => string | undefined): ParsedPipeline;
  start(parsed: ParsedPipeline, request: RunRequest): RunHandleLike;
  /** How {@link start} would run `request` (store, secrets, approvals, settings), for a caller that starts the run itself (the debugger). */
  runOptions(parsed: ParsedPipeline, request: RunRequest): RunOptions;
  history(workspaceRoot: string): HistoryPort;
}
