// Builds the language service with the file system, the run store and link targets wired in: the worker
// calls it, and so does the extension host when no worker can run. No `vscode` import may reach this file
// (the worker has no `vscode` module).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../core/contracts/diagnostics.js';
import { parsePipeline } from '../../../core/pipeline/index.js';
import { SchemaNavigator, type SchemaNode } from '../../../language/index.js';
import { PipelineLanguageService } from '../../../language/worker/PipelineLanguageService.js';
import { FsWorkspaceIndex } from '../FsWorkspaceIndex.js';
import { folderAmong, runStoreLastRun } from '../runStoreLastRun.js';

/** What the worker is started with. */
export interface LanguageWorkerData {
  schemaPath: string;
}

/** Files that stand for a folder when a link points at one (a folder cannot be opened in an editor). */
const FOLDER_ENTRY_FILES = ['Chart.yaml', 'Dockerfile', 'Containerfile', 'kustomization.yaml', 'hosts', 'inventory.ini', 'inventory.yaml'];

/** Where a link to `target` opens: the file itself, or the file that defines a folder; undefined for a bare folder. */
export function linkTarget(target: string): string | undefined {
  let isDirectory = false;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    return target;
  }
  return isDirectory ? FOLDER_ENTRY_FILES.map((f) => join(target, f)).find((f) => existsSync(f)) : target;
}

/** The language service over node:fs with the run store of the given workspace folders. */
export function createLanguageService(
  data: LanguageWorkerData,
  onDiagnostics: (uri: string, version: number, diagnostics: Diagnostic[], ms: number) => void,
): PipelineLanguageService {
  const nav = new SchemaNavigator(JSON.parse(readFileSync(data.schemaPath, 'utf8')) as SchemaNode);
  // Open documents' unsaved text wins over the disk (includes, templates).
  const workspace = new FsWorkspaceIndex((p): string | undefined => service.openText(p));
  const service: PipelineLanguageService = new PipelineLanguageService({
    parse: parsePipeline,
    nav,
    workspace,
    linkTarget,
    onDiagnostics,
    onFolders: (folders) => workspace.setLastRunLookup(runStoreLastRun(folderAmong(folders))),
  });
  return service;
}
