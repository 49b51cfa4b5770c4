// The Runs view: run history (live runs of this window first, then the run store, which the CLI
// shares) > jobs (one per matrix job instance) > steps > log and kept artifacts; steps outside jobs sit
// straight under the run. Each run shows status, pipeline, duration, when and trigger.
import * as vscode from 'vscode';
import type { StoredArtifact, StoredRun, StoredStep } from '../run/engine.js';
import { formatAgo, formatDuration } from '../run/format.js';
import type { RunModel } from '../run/RunModel.js';
import type { RunService } from '../run/RunService.js';
import { statusIcon } from './statusIcons.js';
import { describeStatus } from '../../core/contracts/statusMapping.js';
import { groupStepsByJob, jobDurationMs, type JobGroup } from '../../core/views/runs/jobGroups.js';

/** A run row. */
export interface RunNode {
  kind: 'run';
  runId: string;
  live?: RunModel;
  stored?: StoredRun;
  uri?: vscode.Uri;
}

/** A step of a run. */
export interface RunStepNode {
  kind: 'runStep';
  runId: string;
  step: StoredStep;
  running: boolean;
  /** Workspace folder whose run store holds the run. */
  uri?: vscode.Uri;
}

/** A job of a run (a matrix job's instance: `test[node=20]`), grouping its steps. */
export interface RunJobNode {
  kind: 'runJob';
  runId: string;
  group: JobGroup<StoredStep>;
  running: boolean;
  uri?: vscode.Uri;
}

/** A file a step kept (`artifacts:`); the artifact commands take this node. */
export interface RunArtifactNode {
  kind: 'artifact';
  runId: string;
  step: string;
  artifact: StoredArtifact;
  uri?: vscode.Uri;
}

/** The log leaf under a step. */
export interface RunLogNode {
  kind: 'log';
  runId: string;
  step: string;
}

/** Rows of the Runs view. */
export type RunsNode = RunNode | RunJobNode | RunStepNode | RunLogNode | RunArtifactNode;

function modelSteps(m: RunModel): StoredStep[] {
  return [...m.steps.values()].map((s) => ({ step: s.key, stepId: s.stepId, status: s.status, durationMs: s.durationMs, attempts: s.attempt, exitCode: s.exitCode, reason: s.reason, job: s.job, jobKey: s.jobKey }));
}

/** See the file comment. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly service: RunService) {
    this.subs.push(
      service.onDidRunEvent(({ event }) => {
        if (event.type !== 'step-log' && event.type !== 'step-progress') this.refresh();
      }),
      service.approvals.onDidChange(() => this.refresh()),
    );
    // Runs started by the CLI land in the same store; its index file changes when they start and end.
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f, '.ansflow/runs/index.jsonl'));
      this.subs.push(w, w.onDidChange(() => this.refresh()), w.onDidCreate(() => this.refresh()));
    }
  }

  /** Re-reads soon (coalesced so a busy run does not redraw the tree per event). */
  refresh(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, 300);
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return this.runs();
    if (node.kind === 'run') {
      const steps = node.live ? modelSteps(node.live) : (this.service.history(node.uri).get(node.runId)?.steps ?? node.stored?.steps ?? []);
      // A live run's steps carry no artifacts: read them from the store (written as each step ends).
      const stored = node.live ? this.service.history(node.uri).get(node.runId)?.steps : undefined;
      const running = node.live?.status === 'running';
      const withArtifacts = steps.map((step) => (step.artifacts || !stored ? step : { ...step, artifacts: stored.find((s) => s.step === step.step)?.artifacts }));
      return groupStepsByJob(withArtifacts).map((row): RunsNode =>
        row.kind === 'step' ? { kind: 'runStep', runId: node.runId, step: row.step, running, uri: node.uri } : { kind: 'runJob', runId: node.runId, group: row, running, uri: node.uri },
      );
    }
    if (node.kind === 'runJob') return node.group.steps.map((step) => ({ kind: 'runStep', runId: node.runId, step, running: node.running, uri: node.uri }));
    if (node.kind === 'runStep') {
      const artifacts = (node.step.artifacts ?? []).map((artifact): RunArtifactNode => ({ kind: 'artifact', runId: node.runId, step: node.step.step, artifact, uri: node.uri }));
      return [{ kind: 'log', runId: node.runId, step: node.step.step }, ...artifacts];
    }
    return [];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'run') {
      const r = node.live ?? node.stored!;
      const status = r.status;
      const item = new vscode.TreeItem(r.pipeline || node.runId, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `run:${node.runId}`;
      const duration = r.durationMs !== undefined ? formatDuration(r.durationMs) : status === 'running' ? formatDuration(Date.now() - r.startedAt) : '';
      // GitHub's value first (what conditions see), the runner's state when it says more.
      item.description = [describeStatus(status), duration, formatAgo(r.startedAt), r.trigger].filter(Boolean).join(' · ');
      item.tooltip = `Run ${node.runId}\n${r.pipeline} — ${describeStatus(status)}\nstarted ${new Date(r.startedAt).toLocaleString()}${duration ? `\nduration ${duration}` : ''}${r.trigger ? `\ntrigger ${r.trigger}` : ''}`;
      item.iconPath = statusIcon(status);
      item.contextValue = status === 'running' ? 'ansflow.run.running' : status === 'success' ? 'ansflow.run.success' : 'ansflow.run.failed';
      return item;
    }
    if (node.kind === 'runJob') {
      const g = node.group;
      const item = new vscode.TreeItem(g.id, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `run:${node.runId}:job:${g.id}`;
      item.iconPath = statusIcon(g.status);
      const duration = jobDurationMs(g);
      item.description = [describeStatus(g.status), duration !== undefined ? formatDuration(duration) : '', `${g.steps.length} step${g.steps.length === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
      item.tooltip = `Job ${g.id}: ${describeStatus(g.status)}`;
      item.contextValue = 'ansflow.runJob';
      return item;
    }
    if (node.kind === 'runStep') {
      const s = node.step;
      const item = new vscode.TreeItem(s.step, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `run:${node.runId}:step:${s.step}`;
      item.iconPath = statusIcon(s.status);
      const attempts = s.attempts > 1 ? `${s.attempts} attempts` : '';
      const exit = s.exitCode !== undefined && s.status !== 'success' ? `exit ${s.exitCode}` : '';
      item.description = [describeStatus(s.status, s.conclusion), s.durationMs !== undefined ? formatDuration(s.durationMs) : '', attempts, exit].filter(Boolean).join(' · ');
      item.tooltip = s.reason ? `${s.step}: ${s.reason}` : s.step;
      // A gate of this window's run that waits for an answer gets the inline Approve / Reject actions.
      const waiting = node.running && this.service.approvals.find(node.runId, s.step)?.step === s.step;
      item.contextValue = waiting ? 'ansflow.runStep.approval' : 'ansflow.runStep';
      if (waiting) item.description = ['waiting for approval', item.description].filter(Boolean).join(' · ');
      item.command = { command: 'ansflow.showRunLog', title: 'Show Step Log', arguments: [node.runId, s.step] };
      return item;
    }
    if (node.kind === 'artifact') {
      const a = node.artifact;
      const item = new vscode.TreeItem(a.path, vscode.TreeItemCollapsibleState.None);
      item.id = `run:${node.runId}:artifact:${node.step}:${a.stored}`;
      item.description = formatSize(a.size);
      item.tooltip = `Artifact of ${node.step}: ${a.path} (${formatSize(a.size)})`;
      item.iconPath = new vscode.ThemeIcon('file-binary');
      item.contextValue = 'ansflow.runArtifact';
      item.command = { command: 'ansflow.openArtifact', title: 'Open Artifact', arguments: [node] };
      return item;
    }
    const item = new vscode.TreeItem('Log', vscode.TreeItemCollapsibleState.None);
    item.id = `run:${node.runId}:log:${node.step}`;
    item.iconPath = new vscode.ThemeIcon('output');
    item.contextValue = 'ansflow.runLog';
    item.command = { command: 'ansflow.showRunLog', title: 'Show Step Log', arguments: [node.runId, node.step] };
    return item;
  }

  private runs(): RunNode[] {
    const limit = vscode.workspace.getConfiguration('ansflow').get<number>('runs.shown', 50);
    const live = this.service.active();
    const out: RunNode[] = live.map((r) => ({ kind: 'run', runId: r.model.runId, live: r.model, uri: r.uri }));
    const seen = new Set(out.map((r) => r.runId));
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      try {
        for (const stored of this.service.history(f.uri).list(limit)) {
          if (seen.has(stored.runId)) continue;
          seen.add(stored.runId);
          out.push({ kind: 'run', runId: stored.runId, stored, uri: f.uri });
        }
      } catch {
        // An unreadable store shows no history rather than breaking the view.
      }
    }
    // Live runs have no startedAt until run-start arrives; keep them on top.
    return out.sort((a, b) => (b.live?.startedAt || b.stored?.startedAt || Date.now()) - (a.live?.startedAt || a.stored?.startedAt || Date.now())).slice(0, limit);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}

function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
