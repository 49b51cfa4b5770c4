import * as vscode from 'vscode';
import { AnsflowContext, VIEW_IDS } from './AnsflowContext.js';
import { registerInfoCommands } from './infoCommands.js';
import { registerWalkthrough } from './walkthrough/registerWalkthrough.js';
import { registerRunExperience, RUN_VIEW_IDS } from './run/registerRunExperience.js';
import { registerPipelineLanguage } from './language/index.js';
import { registerGraphEditor, graphWorker } from './graph/registerGraphEditor.js';
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
import { activationFigures, timed, type ActivationFigures } from './activationFigures.js';

let ctx: AnsflowContext | undefined;

/** Public API returned from activation; tests use it to reach the context. */
export interface AnsflowApi {
  readonly context: AnsflowContext;
  /** What this activation cost (read by the e2e layer). */
  readonly activation: ActivationFigures;
}

export function activate(extension: vscode.ExtensionContext): AnsflowApi {
  const enteredAt = performance.now();
  const c = (ctx = new AnsflowContext(extension));
  extension.subscriptions.push(c);
  // Each registration's time goes into the figures (and the log at debug level): the e2e probe prints them.
  const phases: Record<string, number> = {};
  const t = <T>(name: string, register: () => T): T => timed(phases, name, register);
  t('empty views', () => c.registerEmptyViews(VIEW_IDS.filter((id) => !(RUN_VIEW_IDS as readonly string[]).includes(id) && !(CONTAINER_VIEW_IDS as readonly string[]).includes(id) && id !== CLUSTERS_VIEW_ID && id !== HELM_VIEW_ID && id !== INVENTORIES_VIEW_ID)));
  t('info commands', () => registerInfoCommands(c));
  t('walkthrough', () => registerWalkthrough(c));
  const runs = t('run experience', () => registerRunExperience(c));
  const language = t('pipeline language', () => registerPipelineLanguage(c));
  t('graph editor', () => registerGraphEditor(c, runs, language.cache, graphWorker(language.client)));
  const docker = t('containers', () => registerContainers(c));
  t('clusters', () => registerClusters(c));
  t('helm releases', () => registerHelmReleases(c));
  t('inventories', () => registerInventories(c, runs));
  t('scan diagnostics', () => registerScanDiagnostics(c));
  t('observability', () => registerObservability(c, docker));
  t('alerts', () => registerAlerts(c, docker, runs));
  t('merged logs', () => registerMergedLogs(c, docker, runs));
  t('debugger', () => registerDebugger(c, runs));
  t('ci import', () => registerCiImport(c));
  const activation = activationFigures(enteredAt, phases);
  ctx.log.debug(`activation phases (ms): ${JSON.stringify(phases)}`);
  ctx.log.info(`AnsFlow ${extension.extension.packageJSON.version as string} activated in ${activation.activateMs.toFixed(1)} ms`);
  return { context: ctx, activation };
}

export function deactivate(): void {
  ctx?.dispose();
  ctx = undefined;
}
