// Alert rules in the editor: reads `ansflow.alerts.rules`, starts the core engine with the selected
// Kubernetes context, the Docker connection and this window's runs, and turns each firing into a
// notification with "Show" and "Mute for 1 hour". The engine restarts when the setting changes, and
// when the selected context changes or the workspace is trusted while a Kubernetes rule is enabled.
import * as vscode from 'vscode';
import { AlertEngine, alertShowCommand, parseAlertRules, type Alert, type AlertRule, type AlertSources, type EndedRun } from '../../core/observability/alerts/index.js';
import type { KubeClient } from '../../core/clients/kubernetes/index.js';
import type { DockerClient } from '../../core/clients/docker/DockerClient.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { DockerSession } from '../docker/DockerSession.js';
import type { RunService } from '../run/RunService.js';
import { KubeSelection } from '../kubernetes/KubeSelection.js';

const MUTE_MS = 3_600_000;
const KUBE_KINDS = new Set(['podRestarts', 'nodeNotReady', 'helmFailed']);

/** Starts the alert rules of the settings and keeps them current. */
export function registerAlerts(ctx: AnsflowContext, docker: DockerSession, runs: RunService): void {
  let engine: AlertEngine | undefined;
  let rules: AlertRule[] = [];
  const selection = KubeSelection.for(ctx);
  // The context the Kubernetes rules started with; read only when there are such rules, so activation
  // reads no kubeconfig for them.
  let kubeContext: string | undefined;
  const usesKube = () => rules.some((r) => r.enabled && KUBE_KINDS.has(r.kind));
  const start = () => {
    engine?.dispose();
    engine = undefined;
    const enabled = rules.filter((r) => r.enabled);
    if (!enabled.length) return;
    const sources: AlertSources = { onRunEnded: (l) => runs.onDidRunEvent(({ runId, event }) => event.type === 'run-end' && l(endedRun(runs, runId, event.status, event.durationMs))) };
    // A kubeconfig may run credential plugins, so an untrusted workspace leaves the Kubernetes rules idle until trusted.
    if (usesKube()) kubeContext = selection.context;
    if (usesKube() && !vscode.workspace.isTrusted) ctx.log.info('alert rules: Kubernetes rules wait for workspace trust');
    else if (usesKube()) sources.kube = connect(() => (kubeContext ? selection.client(kubeContext, '') : undefined), ctx, 'Kubernetes');
    if (enabled.some((r) => r.kind === 'containerMemory')) sources.docker = connect<DockerClient>(() => docker.client(), ctx, 'Docker');
    engine = new AlertEngine(rules, sources, (a) => void notify(a), { onError: (m) => ctx.log.warn(m) });
    engine.start();
  };
  // The setting is read (and its problems shown) when it changes, not on every restart.
  const readRules = () => {
    const { rules: read, problems } = parseAlertRules(vscode.workspace.getConfiguration('ansflow.alerts').get('rules'));
    if (problems.length) void vscode.window.showWarningMessage(`AnsFlow: ${problems.length} alert rule(s) ignored: ${problems[0]}${problems.length > 1 ? ' (all in the AnsFlow log)' : ''}`);
    for (const p of problems) ctx.log.warn(p);
    rules = read;
    start();
  };
  const notify = async (alert: Alert) => {
    const choice = await vscode.window.showWarningMessage(`AnsFlow alert: ${alert.message}`, 'Show', 'Mute for 1 hour');
    if (choice === 'Mute for 1 hour') engine?.mute(alert, MUTE_MS);
    if (choice === 'Show') {
      const { command, args } = alertShowCommand(alert.target);
      await vscode.commands.executeCommand(`ansflow.${command}`, ...args);
    }
  };
  // Trust and the selected context only matter to the Kubernetes rules; the others (and their mutes) keep running.
  ctx.register(vscode.workspace.onDidGrantWorkspaceTrust(() => usesKube() && start()));
  ctx.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ansflow.alerts') && readRules()));
  ctx.register(selection.onDidChange(() => usesKube() && selection.context !== kubeContext && start()));
  ctx.register({ dispose: () => engine?.dispose() });
  readRules();
}

/** A client, or undefined with a log line when there is none (its rules then stay idle). */
function connect<T extends KubeClient | DockerClient>(make: () => T | undefined, ctx: AnsflowContext, what: string): T | undefined {
  try {
    const c = make();
    if (!c) ctx.log.info(`alert rules: no ${what} context selected; its rules are idle`);
    return c;
  } catch (e) {
    ctx.log.warn(`alert rules: no ${what} connection (${(e as Error).message}); its rules are idle`);
    return undefined;
  }
}

function endedRun(runs: RunService, runId: string, status: string, durationMs: number): EndedRun {
  const run = runs.get(runId);
  const pipeline = run?.model.pipeline ?? runId;
  return {
    runId,
    pipeline,
    status,
    durationMs,
    earlierDurationsMs: () => {
      try {
        return runs
          .history(run?.uri)
          .list(50)
          .filter((r) => r.pipeline === pipeline && r.status === 'success' && r.durationMs !== undefined && r.runId !== runId)
          .map((r) => r.durationMs!);
      } catch {
        return [];
      }
    },
  };
}
