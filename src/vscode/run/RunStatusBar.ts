// The status bar item: how many runs are going and which step the newest is on; click shows its terminal.
import * as vscode from 'vscode';
import type { RunService } from './RunService.js';

/** See the file comment. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ansflow.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly sub: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly service: RunService) {
    this.item.name = 'AnsFlow Runs';
    this.item.command = 'ansflow.showRunLog';
    this.sub = service.onDidRunEvent(({ event }) => {
      if (event.type === 'step-log') return;
      this.timer ??= setTimeout(() => this.update(), 100);
    });
  }

  /** Recomputes the text; hidden when nothing runs. */
  update(): void {
    this.timer = undefined;
    const running = this.service.active().filter((r) => r.model.status === 'running');
    void vscode.commands.executeCommand('setContext', 'ansflow.runInProgress', running.length > 0);
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    const newest = running[0].model;
    const steps = newest.running();
    const done = [...newest.steps.values()].filter((s) => s.status !== 'queued' && s.status !== 'running').length;
    const waiting = [...newest.steps.values()].some((s) => s.approval && !s.approval.decision);
    this.item.text = `$(sync~spin) ${running.length > 1 ? `${running.length} runs · ` : ''}${newest.pipeline}: ${waiting ? 'waiting for approval' : steps.join(', ') || 'starting'} (${done}/${newest.steps.size})`;
    this.item.tooltip = running.map((r) => `${r.model.pipeline} — run ${r.model.runId}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.sub.dispose();
    this.item.dispose();
  }
}
