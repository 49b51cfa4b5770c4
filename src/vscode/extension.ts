import * as vscode from 'vscode';
import { AnsflowContext, VIEW_IDS } from './AnsflowContext.js';
import { registerInfoCommands } from './infoCommands.js';
import { registerWalkthrough } from './walkthrough/registerWalkthrough.js';
import { registerRunExperience, RUN_VIEW_IDS } from './run/registerRunExperience.js';
import { registerPipelineLanguage } from './language/index.js';
import { registerGraphEditor } from './graph/registerGraphEditor.js';
import { CONTAINER_VIEW_IDS, registerContainers } from './docker/registerContainers.js';
import { CLUSTERS_VIEW_ID, registerClusters } from './kubernetes/registerClusters.js';
import { HELM_VIEW_ID, registerHelmReleases } from './helm/registerHelmReleases.js';
import { INVENTORIES_VIEW_ID, registerInventories } from './ansible/registerInventories.js';
import { registerScanDiagnostics } from './scan/registerScanDiagnostics.js';
import { registerObservability } from './observability/registerObservability.js';
import { registerAlerts } from './observability/alerts.js';
import { registerMergedLogs } from './logs/registerMergedLogs.js';
import { registerDebugger } from './debug/registerDebugger.js';
import { registerCiImport } from './import/registerCiImport.js';
import { activationFigures, type ActivationFigures } from './activationFigures.js';

let ctx: AnsflowContext | undefined;

/** Public API returned from activation; tests use it to reach the context. */
export interface AnsflowApi {
  readonly context: AnsflowContext;
  /** What this activation cost (read by the e2e layer). */
  readonly activation: ActivationFigures;
}

export function activate(extension: vscode.ExtensionContext): AnsflowApi {
  const enteredAt = performance.now();
  ctx = new AnsflowContext(extension);
  extension.subscriptions.push(ctx);
  ctx.registerEmptyViews(VIEW_IDS.filter((id) => !(RUN_VIEW_IDS as readonly string[]).includes(id) && !(CONTAINER_VIEW_IDS as readonly string[]).includes(id) && id !== CLUSTERS_VIEW_ID && id !== HELM_VIEW_ID && id !== INVENTORIES_VIEW_ID));
  registerInfoCommands(ctx);
  registerWalkthrough(ctx);
  const runs = registerRunExperience(ctx);
  const language = registerPipelineLanguage(ctx);
  registerGraphEditor(ctx, runs, language.cache);
  const docker = registerContainers(ctx);
  registerClusters(ctx);
  registerHelmReleases(ctx);
  registerInventories(ctx, runs);
  registerScanDiagnostics(ctx);
  registerObservability(ctx, docker);
  registerAlerts(ctx, docker, runs);
  registerMergedLogs(ctx, docker, runs);
  registerDebugger(ctx, runs);
  registerCiImport(ctx);
  const activation = activationFigures(enteredAt);
  ctx.log.info(`AnsFlow ${extension.extension.packageJSON.version as string} activated in ${activation.activateMs.toFixed(1)} ms`);
  return { context: ctx, activation };
}

export function deactivate(): void {
  ctx?.dispose();
  ctx = undefined;
}
