// Wires the run experience into activation: engine, run service, terminals, diagnostics, log
// documents, status bar, notifications, tasks, trees and the dashboard. extension.ts calls this once.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { DashboardPanel } from '../dashboard/DashboardPanel.js';
import { PipelinesTreeProvider } from '../trees/PipelinesTreeProvider.js';
import { RunsTreeProvider } from '../trees/RunsTreeProvider.js';
import { AnsflowTaskProvider, TASK_TYPE } from './AnsflowTaskProvider.js';
import { createEngine } from './engineAdapter.js';
import { editorAudit } from '../observability/auditTrail.js';
import { PipelineSecrets } from './PipelineSecrets.js';
import { registerRunCommands } from './runCommands.js';
import { registerApprovalCommands } from './approvalCommands.js';
import { registerArtifactCommands } from './artifactCommands.js';
import { RunDiagnosticsController } from './RunDiagnosticsController.js';
import { RunLinkProvider } from './RunLinkProvider.js';
import { RunNotifier } from './RunNotifier.js';
import { RunService } from './RunService.js';
import { RunStatusBar } from './RunStatusBar.js';
import { LOG_SCHEME, StepLogDocuments } from './StepLogDocuments.js';

/** The views this registers; extension.ts leaves them out of the empty placeholders. */
export const RUN_VIEW_IDS = ['ansflow.pipelines', 'ansflow.runs'] as const;

/** Registers everything of the run experience on `ctx`; returns the service for the extension API. */
export function registerRunExperience(ctx: AnsflowContext): RunService {
  const engine = createEngine({ maxRuns: () => vscode.workspace.getConfiguration('ansflow').get<number>('runs.retention', 100), audit: editorAudit });
  const secrets = new PipelineSecrets(ctx.extension);
  const diagnostics = ctx.register(new RunDiagnosticsController());
  const service = ctx.register(new RunService(ctx, engine, secrets, diagnostics));
  const logs = ctx.register(new StepLogDocuments(service));
  ctx.register(vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs));
  ctx.register(new RunStatusBar(service));
  ctx.register(new RunNotifier(ctx, service));
  ctx.register(vscode.window.registerTerminalLinkProvider(new RunLinkProvider(service)));
  ctx.register(vscode.tasks.registerTaskProvider(TASK_TYPE, new AnsflowTaskProvider(service)));

  const pipelines = ctx.register(new PipelinesTreeProvider(service));
  const runs = ctx.register(new RunsTreeProvider(service));
  ctx.register(vscode.window.createTreeView('ansflow.pipelines', { treeDataProvider: pipelines, showCollapseAll: true }));
  ctx.register(vscode.window.createTreeView('ansflow.runs', { treeDataProvider: runs }));

  const dashboard = ctx.register(new DashboardPanel(ctx.extension.extensionUri, service));
  registerArtifactCommands(ctx, service);
  registerApprovalCommands(ctx, service);
  registerRunCommands(ctx, {
    service,
    logs,
    secrets,
    showDashboard: () => dashboard.show(),
    refreshTrees: () => {
      pipelines.refresh();
      runs.refresh();
    },
  });
  return service;
}
