// The run commands: Run Pipeline, Run Step, Run From Step, Rerun, Rerun Failed, Plan, Cancel Run,
// Show Run Log, Select Params, secrets, delete run, dashboard and refreshes. Each resolves its target
// and forwards to the RunService; none contains engine logic.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { coerceParam, initialParamText } from './paramValues.js';
import { pipelineKey } from './pipelineFiles.js';
import type { PipelineSecrets } from './PipelineSecrets.js';
import type { RunService } from './RunService.js';
import type { StepLogDocuments } from './StepLogDocuments.js';
import { pickJob, pickPipeline, pickRunId, pickStep } from './targets.js';
import { ensureTrusted } from './trust.js';

/** What the commands need besides the service. */
export interface RunCommandDeps {
  service: RunService;
  logs: StepLogDocuments;
  secrets: PipelineSecrets;
  showDashboard: () => void;
  refreshTrees: () => void;
}

/** Registers every run command on the context. */
export function registerRunCommands(ctx: AnsflowContext, deps: RunCommandDeps): void {
  const { service } = deps;

  ctx.registerCommand('runPipeline', async (arg?: unknown) => {
    const uri = await pickPipeline(arg);
    return uri ? service.start({ uri }) : undefined;
  });

  ctx.registerCommand('planPipeline', async (arg?: unknown) => {
    const uri = await pickPipeline(arg);
    return uri ? service.start({ uri, dryRun: true, trigger: 'plan' }) : undefined;
  });

  ctx.registerCommand('runStep', async (arg?: unknown, step?: unknown) => {
    const t = await pickStep(service, arg, step);
    return t ? service.start({ uri: t.uri, only: [t.stepId] }) : undefined;
  });

  // A job with the jobs and steps it needs, as `ansflow run --target <job>` (core's selectTargets takes job names).
  ctx.registerCommand('runJob', async (arg?: unknown, job?: unknown) => {
    const t = await pickJob(service, arg, job);
    return t ? service.start({ uri: t.uri, only: [t.job] }) : undefined;
  });

  ctx.registerCommand('runFromStep', async (arg?: unknown, step?: unknown) => {
    const t = await pickStep(service, arg, step);
    return t ? service.start({ uri: t.uri, from: t.stepId }) : undefined;
  });

  const runFile = (runId: string): vscode.Uri | undefined => {
    const live = service.get(runId);
    if (live) return live.uri;
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const file = service.history(f.uri).get(runId)?.file;
      if (file) return vscode.Uri.file(file);
    }
    return undefined;
  };

  ctx.registerCommand('rerunFailed', async (arg?: unknown) => {
    const runId = pickRunId(service, arg, (s) => s === 'failed' || s === 'timed-out' || s === 'cancelled');
    const uri = runId ? runFile(runId) : undefined;
    if (!runId || !uri) {
      void vscode.window.showInformationMessage('AnsFlow: no failed run to rerun.');
      return undefined;
    }
    return service.start({ uri, rerunFailedOf: runId, trigger: `rerun-failed:${runId}` });
  });

  ctx.registerCommand('rerun', async (arg?: unknown) => {
    const runId = pickRunId(service, arg, () => true);
    const uri = runId ? runFile(runId) : undefined;
    return uri ? service.start({ uri, trigger: `rerun:${runId}` }) : undefined;
  });

  ctx.registerCommand('cancelRun', async (arg?: unknown) => {
    const running = service.active().filter((r) => r.model.status === 'running');
    let runId = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'runId' in arg ? String((arg as { runId: unknown }).runId) : undefined;
    if (!runId) {
      if (running.length === 0) {
        void vscode.window.showInformationMessage('AnsFlow: no run is in progress.');
        return undefined;
      }
      runId =
        running.length === 1
          ? running[0].model.runId
          : (await vscode.window.showQuickPick(running.map((r) => ({ label: r.model.pipeline, description: r.model.runId, runId: r.model.runId })), { title: 'AnsFlow: cancel which run?' }))?.runId;
    }
    if (runId) await service.cancel(runId);
    return runId;
  });

  ctx.registerCommand('showRunLog', async (runArg?: unknown, step?: unknown) => {
    const runId = pickRunId(service, runArg, () => true);
    if (!runId) {
      void vscode.window.showInformationMessage('AnsFlow: no runs yet.');
      return;
    }
    if (typeof step === 'string') return deps.logs.open(runId, step);
    if (runArg && typeof runArg === 'object' && 'step' in runArg && typeof (runArg as { step: { step?: unknown } }).step?.step === 'string') {
      return deps.logs.open(runId, (runArg as { step: { step: string } }).step.step);
    }
    const live = service.get(runId);
    if (live?.vsTerminal && vscode.window.terminals.includes(live.vsTerminal)) {
      live.vsTerminal.show();
      return;
    }
    const steps = live ? [...live.model.steps.keys()] : (service.history(runFile(runId)).get(runId)?.steps.map((s) => s.step) ?? []);
    const pick = await vscode.window.showQuickPick(steps, { title: `AnsFlow: log of which step of run ${runId}?` });
    if (pick) await deps.logs.open(runId, pick);
  });

  ctx.registerCommand('selectParams', async (arg?: unknown, options?: unknown) => {
    const uri = await pickPipeline(arg);
    if (!uri) return undefined;
    const parsed = service.parse(uri);
    const specs = parsed?.pipeline.params ?? [];
    const remembered = service.rememberedParams(uri) ?? {};
    const onlyMissing = !!(options && typeof options === 'object' && (options as { onlyMissing?: boolean }).onlyMissing);
    const values: Record<string, string | number | boolean> = {};
    for (const spec of specs) {
      const initial = initialParamText(spec, remembered);
      if (onlyMissing && (initial !== '' || !spec.required)) {
        const r = coerceParam(spec, initial);
        if (r.ok && r.value !== '') values[spec.name] = r.value;
        continue;
      }
      const title = `${parsed?.pipeline.name ?? pipelineKey(uri)}: ${spec.name}${spec.required ? ' (required)' : ''}`;
      let raw: string | undefined;
      if (spec.type === 'choice' || spec.type === 'boolean') {
        const choices = spec.type === 'boolean' ? ['true', 'false'] : (spec.values ?? []).map(String);
        const picked = await vscode.window.showQuickPick(
          choices.map((c) => ({ label: c, description: c === initial ? 'last used' : String(spec.default) === c ? 'default' : undefined })),
          { title, placeHolder: spec.description, ignoreFocusOut: true },
        );
        raw = picked?.label;
      } else {
        raw = await vscode.window.showInputBox({
          title,
          prompt: spec.description,
          value: initial,
          ignoreFocusOut: true,
          validateInput: (v) => {
            const r = coerceParam(spec, v);
            return r.ok ? undefined : r.message;
          },
        });
      }
      if (raw === undefined) return undefined;
      const r = coerceParam(spec, raw);
      if (!r.ok) return undefined;
      if (r.value !== '') values[spec.name] = r.value;
    }
    await service.rememberParams(uri, values);
    return values;
  });

  ctx.registerCommand('setSecret', async (arg?: unknown) => {
    if (!(await ensureTrusted('store secrets'))) return;
    const uri = await pickPipeline(arg);
    if (!uri) return;
    const declared = service.parse(uri)?.pipeline.secrets ?? [];
    const name =
      declared.length > 0
        ? (await vscode.window.showQuickPick([...declared.map((s) => ({ label: s.name, description: s.description })), { label: '$(add) Other…', description: '' }], { title: 'AnsFlow: set which secret?' }))?.label
        : '$(add) Other…';
    const finalName = name === '$(add) Other…' ? await vscode.window.showInputBox({ title: 'AnsFlow: secret name', validateInput: (v) => (/^[A-Za-z_][\w-]*$/.test(v) ? undefined : 'letters, digits, _ and -') }) : name;
    if (!finalName) return;
    const value = await vscode.window.showInputBox({ title: `AnsFlow: value of secret '${finalName}'`, prompt: 'Stored in VS Code secret storage; never written to settings, logs or history.', password: true, ignoreFocusOut: true });
    if (value === undefined || value === '') return;
    // A declared `key:` names a workspace-wide entry; otherwise the secret belongs to this pipeline.
    const source = declared.find((s) => s.name === finalName)?.source;
    const sharedKey = source?.kind === 'secretStorage' ? source.key : undefined;
    await deps.secrets.set(sharedKey ? '*' : pipelineKey(uri), sharedKey ?? finalName, value);
    void vscode.window.showInformationMessage(`AnsFlow: secret '${finalName}' stored ${sharedKey ? `as '${sharedKey}' for every pipeline` : `for ${pipelineKey(uri)}`}.`);
  });

  ctx.registerCommand('clearSecret', async () => {
    const set = deps.secrets.list();
    if (set.length === 0) {
      void vscode.window.showInformationMessage('AnsFlow: no secrets were set from this workspace.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      set.map((s) => ({ label: s.name, description: s.pipeline === '*' ? 'all pipelines' : s.pipeline, s })),
      { title: 'AnsFlow: clear which secret?' },
    );
    if (!pick) return;
    const ok = await vscode.window.showWarningMessage(`Delete secret '${pick.s.name}' for ${pick.description}?`, { modal: true }, 'Delete');
    if (ok === 'Delete') await deps.secrets.clear(pick.s.pipeline, pick.s.name);
  });

  ctx.registerCommand('deleteRun', async (arg?: unknown) => {
    const runId = pickRunId(service, arg, (s) => s !== 'running');
    if (!runId) return;
    const ok = await vscode.window.showWarningMessage(`Delete run ${runId} and its logs from history?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    for (const f of vscode.workspace.workspaceFolders ?? []) service.history(f.uri).delete(runId);
    deps.refreshTrees();
  });

  ctx.registerCommand('showDashboard', () => deps.showDashboard());
  ctx.registerCommand('refreshPipelines', () => deps.refreshTrees());
  ctx.registerCommand('refreshRuns', () => deps.refreshTrees());
  ctx.registerCommand('getRunState', (runId?: unknown) => {
    // For automation and tests: a JSON-safe snapshot (statuses, timings; no logs, no params).
    const run = typeof runId === 'string' ? service.get(runId) : service.active()[0];
    if (!run) return undefined;
    const m = run.model;
    return {
      runId: m.runId,
      pipeline: m.pipeline,
      status: m.status,
      durationMs: m.durationMs,
      steps: [...m.steps.values()].map((s) => ({ step: s.key, status: s.status, exitCode: s.exitCode, attempt: s.attempt, approval: s.approval?.decision })),
      terminalLatencyMs: run.terminal.latency.samples,
    };
  });
}
