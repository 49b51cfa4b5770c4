// Notifications: a failed run (with Show Log / Rerun Failed), a run taking longer than its usual
// duration (median of history × a setting), and an optional webhook for both.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { formatDuration, isOverdue } from './format.js';
import type { RunService } from './RunService.js';

/** See the file comment. */
export class RunNotifier implements vscode.Disposable {
  private readonly sub: vscode.Disposable;
  private readonly timer: NodeJS.Timeout;
  private readonly warned = new Set<string>();

  constructor(
    private readonly ctx: AnsflowContext,
    private readonly service: RunService,
  ) {
    this.sub = service.onDidRunEvent(({ runId, event }) => {
      if (event.type === 'run-end') void this.ended(runId);
    });
    this.timer = setInterval(() => this.checkOverdue(), 5000);
  }

  private config() {
    return vscode.workspace.getConfiguration('ansflow.notifications');
  }

  private async ended(runId: string): Promise<void> {
    const run = this.service.get(runId);
    if (!run) return;
    const m = run.model;
    if (m.status === 'success') {
      if (this.config().get<boolean>('onSuccess', false)) void vscode.window.showInformationMessage(`AnsFlow: ${m.pipeline} succeeded in ${formatDuration(m.durationMs ?? 0)}.`);
      else vscode.window.setStatusBarMessage(`$(check) ${m.pipeline} succeeded in ${formatDuration(m.durationMs ?? 0)}`, 5000);
      return;
    }
    const failed = [...m.steps.values()].filter((s) => s.status === 'failed' || s.status === 'timed-out');
    void this.webhook({ event: 'run-ended', runId, pipeline: m.pipeline, status: m.status, durationMs: m.durationMs, failedSteps: failed.map((s) => s.key) });
    if (m.status === 'cancelled' || !this.config().get<boolean>('onFailure', true)) return;
    const first = failed[0];
    const detail = first ? ` at step ${first.key}${first.exitCode !== undefined ? ` (exit ${first.exitCode})` : ''}` : '';
    const actions = first ? ['Show Log', 'Rerun Failed'] : ['Show Terminal'];
    const choice = await vscode.window.showErrorMessage(`AnsFlow: ${m.pipeline} ${m.status}${detail}.`, ...actions);
    if (choice === 'Show Log' && first) await vscode.commands.executeCommand('ansflow.showRunLog', runId, first.key);
    else if (choice === 'Rerun Failed') await vscode.commands.executeCommand('ansflow.rerunFailed', runId);
    else if (choice === 'Show Terminal') run.vsTerminal?.show();
  }

  private checkOverdue(): void {
    const factor = this.config().get<number>('slowRunFactor', 2);
    for (const run of this.service.active()) {
      const m = run.model;
      if (m.status !== 'running' || this.warned.has(m.runId) || !m.startedAt) continue;
      const elapsed = Date.now() - m.startedAt;
      let history: number[];
      try {
        history = this.service
          .history(run.uri)
          .list(30)
          .filter((r) => r.pipeline === m.pipeline && r.status === 'success' && r.durationMs !== undefined && r.runId !== m.runId)
          .map((r) => r.durationMs!);
      } catch {
        continue;
      }
      if (!isOverdue(elapsed, history, factor)) continue;
      this.warned.add(m.runId);
      void this.webhook({ event: 'run-slow', runId: m.runId, pipeline: m.pipeline, elapsedMs: elapsed });
      void vscode.window
        .showWarningMessage(`AnsFlow: ${m.pipeline} has run for ${formatDuration(elapsed)}, more than ${factor}× its usual duration.`, 'Show Terminal', 'Cancel Run')
        .then((c) => {
          if (c === 'Show Terminal') run.vsTerminal?.show();
          if (c === 'Cancel Run') void this.service.cancel(m.runId);
        });
    }
  }

  /** Posts a small JSON alert (no params, no logs, no secrets) when a webhook URL is set. */
  private async webhook(body: Record<string, unknown>): Promise<void> {
    const url = this.config().get<string>('webhookUrl', '');
    if (!url || !/^https?:\/\//.test(url)) return;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: 'ansflow', ...body }), signal: AbortSignal.timeout(5000) });
      if (!res.ok) this.ctx.log.warn(`webhook answered ${res.status}`);
    } catch (e) {
      this.ctx.log.warn('webhook failed', e);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.sub.dispose();
  }
}
