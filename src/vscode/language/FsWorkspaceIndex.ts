// The language service's view of the workspace, over the local file system (virtual workspaces are not
// supported by the manifest). The run store plugs in through `setLastRunLookup`.
import { existsSync, readdirSync } from 'node:fs';
import { readPipelineFile } from '../../core/pipeline/index.js';
import type { DirEntry, StepRunInfo, WorkspaceIndex } from '../../language/index.js';

/** Looks up the last run of a step; provided by whoever owns the run store. */
export type LastRunLookup = (pipelineFile: string, stepId: string) => StepRunInfo | undefined;

/** {@link WorkspaceIndex} over node:fs, with open-document text taking precedence over disk. */
export class FsWorkspaceIndex implements WorkspaceIndex {
  private lastRunLookup: LastRunLookup | undefined;

  constructor(private readonly openText: (absPath: string) => string | undefined = () => undefined) {}

  /** Connects (or disconnects) the run store. */
  setLastRunLookup(lookup: LastRunLookup | undefined): void {
    this.lastRunLookup = lookup;
  }

  exists(absPath: string): boolean {
    return this.openText(absPath) !== undefined || existsSync(absPath);
  }

  readFile(absPath: string): string | undefined {
    const open = this.openText(absPath);
    if (open !== undefined) return open;
    // Included pipelines come through here: a folder, a device or a huge file reads as missing.
    const read = readPipelineFile(absPath);
    return 'text' in read ? read.text : undefined;
  }

  listDir(absPath: string): DirEntry[] | undefined {
    try {
      return readdirSync(absPath, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() }));
    } catch {
      return undefined;
    }
  }

  lastRun(pipelineFile: string, stepId: string): StepRunInfo | undefined {
    try {
      return this.lastRunLookup?.(pipelineFile, stepId);
    } catch {
      return undefined;
    }
  }
}
