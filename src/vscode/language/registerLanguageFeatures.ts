// Registers the pipeline language service for `ansflow-pipeline` documents.
//
// Red Hat YAML coexistence (decision): our providers are registered for the language id
// `ansflow-pipeline` only, which the manifest gives to *.ansflow.y(a)ml and .ansflow/**. Red Hat's
// vscode-yaml client selects documents by language (`yaml`, plus a fixed list of YAML dialects); the
// extra pattern filter it carried for years (`*.y(a)ml`) is not a valid VS Code glob and matched nothing,
// and the broad `**/*.{yaml,yml}` filter of some late-2025 builds was replaced by explicit language ids
// again (vscode-yaml PR #1209, issue #1204). So an `ansflow-pipeline` document is served by us alone:
// one set of diagnostics, completions and hovers. The manifest's `yamlValidation` contribution still
// gives Red Hat users the schema when they open a pipeline as plain `yaml` (language mode switched by
// hand, or a file outside our name patterns), where we, in turn, stay silent.
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { ParsePipelineFn } from '../../language/index.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import { LanguageWorkerClient } from '../../language/worker/LanguageWorkerClient.js';
import { AnalysisCache } from './AnalysisCache.js';
import { openPipelineDocuments, syncDocuments } from './documentSync.js';
import { createLanguageService } from './worker/createService.js';
import { PipelineCompletionProvider, PipelineNavigationProvider } from './editingProviders.js';
import { FsWorkspaceIndex } from './FsWorkspaceIndex.js';
import { newPipelineFromTemplate } from './newPipelineCommand.js';
import { PIPELINE_LANGUAGE, PipelineDiagnostics } from './PipelineDiagnostics.js';
import { PipelineStructureProvider } from './structureProviders.js';

/** What the language service exposes to the rest of the extension (run store hook, tests). */
export interface LanguageFeatures {
  readonly diagnostics: PipelineDiagnostics;
  /** Analyses in this thread, for a graph editor on a document the language worker does not hold. */
  readonly cache: AnalysisCache;
  /** The language worker (or its in-thread fallback) every provider asks. */
  readonly client: LanguageWorkerClient;
  readonly workspace: FsWorkspaceIndex;
  readonly structure: PipelineStructureProvider;
  /** Resolves when the activation-time workspace pass finished (number of files checked). */
  readonly workspaceScan: Promise<number>;
}

/** Documents we serve: saved and untitled pipelines. */
export const PIPELINE_SELECTOR: vscode.DocumentSelector = [
  { language: PIPELINE_LANGUAGE, scheme: 'file' },
  { language: PIPELINE_LANGUAGE, scheme: 'untitled' },
];

/** Registers every language feature and the New Pipeline command; `parse` is the core's parsePipeline. */
export function registerLanguageFeatures(ctx: AnsflowContext, parse: ParsePipelineFn): LanguageFeatures {
  const extensionPath = ctx.extension.extensionPath;
  const schemaPath = join(extensionPath, 'schemas', 'pipeline.schema.json');
  const workspace = new FsWorkspaceIndex((p) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === p)?.getText());
  const cache = ctx.register(new AnalysisCache(parse, workspace));
  ctx.register(vscode.workspace.onDidCloseTextDocument((d) => cache.delete(d.uri)));
  const diagnostics = ctx.register(new PipelineDiagnostics(workspace));
  const client = new LanguageWorkerClient({
    // Next to the extension bundle: esbuild builds both into dist/.
    workerFile: join(extensionPath, 'dist', 'languageWorker.js'),
    workerData: { schemaPath },
    inProcess: (onDiagnostics) => createLanguageService({ schemaPath }, onDiagnostics),
    openDocuments: openPipelineDocuments,
    log: (line) => ctx.log.warn(line),
    onDiagnostics: (uri, version, found) => diagnostics.publish(uri, version, found),
  });
  ctx.register({ dispose: () => client.dispose() });
  diagnostics.attach(client);
  ctx.register(syncDocuments(client));
  const structure = ctx.register(new PipelineStructureProvider(client));
  const navigation = new PipelineNavigationProvider(client);
  const L = vscode.languages;
  ctx.register(L.registerCompletionItemProvider(PIPELINE_SELECTOR, new PipelineCompletionProvider(client), '.', ':', '/', ' ', '-', '['));
  ctx.register(L.registerHoverProvider(PIPELINE_SELECTOR, navigation));
  ctx.register(L.registerDefinitionProvider(PIPELINE_SELECTOR, navigation));
  ctx.register(L.registerReferenceProvider(PIPELINE_SELECTOR, navigation));
  ctx.register(L.registerRenameProvider(PIPELINE_SELECTOR, navigation));
  ctx.register(L.registerDocumentLinkProvider(PIPELINE_SELECTOR, navigation));
  ctx.register(L.registerDocumentSymbolProvider(PIPELINE_SELECTOR, structure, { label: 'AnsFlow' }));
  ctx.register(L.registerFoldingRangeProvider(PIPELINE_SELECTOR, structure));
  ctx.register(L.registerSelectionRangeProvider(PIPELINE_SELECTOR, structure));
  ctx.register(L.registerCodeLensProvider(PIPELINE_SELECTOR, structure));
  ctx.register(L.registerCodeActionsProvider(PIPELINE_SELECTOR, structure, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
  ctx.register(L.registerDocumentFormattingEditProvider(PIPELINE_SELECTOR, structure));
  ctx.registerCommand('newPipeline', (template?: unknown, target?: unknown) =>
    newPipelineFromTemplate(extensionPath, typeof template === 'string' ? template : undefined, target instanceof vscode.Uri ? target : undefined),
  );
  ctx.registerCommand('validatePipeline', async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new Error('Open a pipeline file (*.ansflow.yaml) to validate it.');
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== PIPELINE_LANGUAGE) throw new Error(`${vscode.workspace.asRelativePath(uri)} is not an AnsFlow pipeline.`);
    // Hints (e.g. condition-changed) are not shown in the Problems panel, so they are not counted as problems.
    const found = (await diagnostics.validateNow(document)).filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint);
    const errors = found.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const name = vscode.workspace.asRelativePath(uri);
    if (found.length === 0) void vscode.window.showInformationMessage(`AnsFlow: ${name} is valid.`);
    else void vscode.window.showWarningMessage(`AnsFlow: ${name} has ${errors} error(s) and ${found.length - errors} other problem(s); see the Problems panel.`);
    return found.length;
  });
  const workspaceScan = diagnostics.scanWorkspace().then(
    (n) => {
      ctx.log.info(`language: checked ${n} pipeline file(s) in the workspace`);
      return n;
    },
    (e: unknown) => {
      ctx.log.warn(`language: workspace pass stopped: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    },
  );
  return { diagnostics, cache, client, workspace, structure, workspaceScan };
}
