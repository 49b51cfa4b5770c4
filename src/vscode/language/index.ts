// The language service's entry for activation: the core parser, the run-store lookup and every provider.
import * as vscode from 'vscode';
import { parsePipeline } from '../../core/pipeline/index.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import { registerLanguageFeatures, type LanguageFeatures } from './registerLanguageFeatures.js';
import { runStoreLastRun } from './runStoreLastRun.js';

export { type LanguageFeatures } from './registerLanguageFeatures.js';

/** Registers the pipeline language service (extension.ts calls this once). */
export function registerPipelineLanguage(ctx: AnsflowContext): LanguageFeatures {
  const features = registerLanguageFeatures(ctx, parsePipeline);
  features.workspace.setLastRunLookup(runStoreLastRun((file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath));
  return features;
}
