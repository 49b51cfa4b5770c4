// Runs a helm ToolCommand through core's process runner (src/core/process), with helm's stderr
// (progress, warnings) reported line by line.
import type { ToolCommand } from '../../contracts/StepType.js';
import { lineSplitter, runToolCommand as runTool } from '../../process/index.js';

/** Options for {@link runToolCommand}. */
export interface RunToolCommandOptions {
  signal?: AbortSignal;
  /** A forced cancel: the process group is killed at once. */
  forceSignal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL on cancel (default 5 s). */
  killGraceMs?: number;
  /** Called with each complete stderr line (helm writes progress and warnings there). */
  onStderrLine?(line: string): void;
  /** Hint for `tool-not-found`. */
  installHint?: string;
}

/** Runs the command and returns `parse(stdout, stderr, exitCode)`; cancel ends helm's whole process group. */
export async function runToolCommand<T>(cmd: ToolCommand<T>, opts: RunToolCommandOptions = {}): Promise<T> {
  const { onStderrLine, ...rest } = opts;
  const lines = onStderrLine ? lineSplitter(onStderrLine) : undefined;
  try {
    return await runTool(cmd, { ...rest, onOutput: lines && ((stream, text) => stream === 'stderr' && lines.push(text)) });
  } finally {
    lines?.flush();
  }
}
