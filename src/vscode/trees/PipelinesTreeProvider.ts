// The Pipelines view: pipeline files in the workspace > their steps and jobs (a job > its steps),
// each with its type icon and the status of its last run (live while running). Refreshes on file
// changes and run events.
import * as vscode from 'vscode';
import type { Job, Step } from '../../core/pipeline/model.js';
import { jobDescription, jobLastStatus, jobTooltip, pipelineRows } from '../../core/views/pipelines/pipelineRows.js';
import { formatDuration } from '../run/format.js';
import { findPipelineFiles, PIPELINE_GLOB, pipelineKey } from '../run/pipelineFiles.js';
import type { RunService } from '../run/RunService.js';
import type { StoredRun } from '../run/engine.js';
import { statusMark, stepTypeIcon } from './statusIcons.js';

/** A pipeline file row. */
export interface PipelineNode {
  kind: 'pipeline';
  uri: vscode.Uri;
}

/** A step row under its pipeline. */
export interface PipelineStepNode {
  kind: 'step';
  uri: vscode.Uri;
  step: Step;
}

/** A job row under its pipeline, its steps below it. */
export interface PipelineJobNode {
  kind: 'job';
  uri: vscode.Uri;
  job: Job;
  steps: Step[];
}

/** Rows of the Pipelines view. */
export type PipelinesNode = PipelineNode | PipelineStepNode | PipelineJobNode;

/** See the file comment. */
export class PipelinesTreeProvider implements vscode.TreeDataProvider<PipelinesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PipelinesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Stored runs read during one refresh; a refresh starts afresh. */
  private readonly memo = new Map<string, StoredRun | undefined>();

  constructor(private readonly service: RunService) {
    const watcher = vscode.workspace.createFileSystemWatcher(PIPELINE_GLOB);
    this.subs.push(
      watcher,
      watcher.onDidCreate(() => this.refresh()),
      watcher.onDidDelete(() => this.refresh()),
      watcher.onDidChange(() => this.refresh()),
      service.onDidRunEvent(({ event }) => {
        if (event.type === 'run-start' || event.type === 'step-start' || event.type === 'step-end' || event.type === 'run-end') this.refresh();
      }),
    );
  }

  /** Re-reads everything soon (coalesced). */
  refresh(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.memo.clear();
      this.changed.fire(undefined);
    }, 250);
  }

  async getChildren(node?: PipelinesNode): Promise<PipelinesNode[]> {
    if (!node) {
      const files = await findPipelineFiles();
      await vscode.commands.executeCommand('setContext', 'ansflow.hasPipelines', files.length > 0);
      return files.map((uri) => ({ kind: 'pipeline', uri }));
    }
    if (node.kind === 'step') return [];
    if (node.kind === 'job') return node.steps.map((step) => ({ kind: 'step', uri: node.uri, step }));
    const parsed = this.service.parse(node.uri);
    if (!parsed) return [];
    return pipelineRows(parsed.pipeline).map((row) => (row.kind === 'step' ? { kind: 'step', uri: node.uri, step: row.step } : { kind: 'job', uri: node.uri, job: row.job, steps: row.steps }));
  }

  getTreeItem(node: PipelinesNode): vscode.TreeItem {
    if (node.kind === 'pipeline') {
      const parsed = this.service.parse(node.uri);
      const name = parsed?.pipeline.name ?? pipelineKey(node.uri).replace(/^.*\//, '');
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
      const last = this.lastRun(node.uri);
      item.id = `pipeline:${node.uri.toString()}`;
      item.description = `${pipelineKey(node.uri)}${last ? `  ${statusMark(last.status)}` : ''}`;
      item.resourceUri = node.uri;
      item.iconPath = new vscode.ThemeIcon('symbol-structure');
      item.contextValue = 'ansflow.pipeline';
      const errors = parsed?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
      item.tooltip = new vscode.MarkdownString(
        `**${name}**  \n${pipelineKey(node.uri)}  \n${parsed?.pipeline.description ?? ''}${errors ? `  \n$(error) ${errors} problem(s)` : ''}${last ? `  \nLast run: ${last.status}` : ''}`,
        true,
      );
      item.command = { command: 'vscode.open', title: 'Open Pipeline', arguments: [node.uri] };
      return item;
    }
    if (node.kind === 'job') return this.jobItem(node);
    const s = node.step;
    const item = new vscode.TreeItem(s.id, vscode.TreeItemCollapsibleState.None);
    const last = this.lastStep(node.uri, s.id);
    item.id = `step:${node.uri.toString()}#${s.id}`;
    item.iconPath = stepTypeIcon(s.type);
    item.description = [s.type ?? s.uses?.value ?? '', last ? `${statusMark(last.status)}${last.durationMs !== undefined ? ` ${formatDuration(last.durationMs)}` : ''}` : ''].filter(Boolean).join('  ');
    item.tooltip = `${s.name ?? s.id} (${s.type ?? 'unknown type'})${s.needs.length ? `\nneeds: ${s.needs.map((n) => n.value).join(', ')}` : ''}${last ? `\nlast run: ${last.status}` : ''}`;
    item.contextValue = s.isFinally ? 'ansflow.step.finally' : 'ansflow.step';
    const parsed = this.service.parse(node.uri);
    const pos = parsed ? offsetPosition(parsed.text, s.idRange.start) : new vscode.Position(0, 0);
    item.command = { command: 'vscode.open', title: 'Go to Step', arguments: [node.uri, { selection: new vscode.Range(pos, pos) }] };
    return item;
  }

  private jobItem(node: PipelineJobNode): vscode.TreeItem {
    const { job, steps } = node;
    const item = new vscode.TreeItem(job.name, vscode.TreeItemCollapsibleState.Expanded);
    const last = jobLastStatus(steps, (id) => this.lastStep(node.uri, id));
    item.id = `job:${node.uri.toString()}#${job.name}`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.description = [jobDescription(job, steps), last ? statusMark(last) : ''].filter(Boolean).join('  ');
    item.tooltip = jobTooltip(job, last);
    item.contextValue = 'ansflow.job';
    const parsed = this.service.parse(node.uri);
    const pos = parsed ? offsetPosition(parsed.text, job.nameRange.start) : new vscode.Position(0, 0);
    item.command = { command: 'vscode.open', title: 'Go to Job', arguments: [node.uri, { selection: new vscode.Range(pos, pos) }] };
    return item;
  }

  private lastRun(uri: vscode.Uri): { status: string } | undefined {
    const live = this.service.active().find((r) => r.uri.fsPath === uri.fsPath);
    if (live) return live.model;
    try {
      return this.service.history(uri).list(50).find((r) => r.file === uri.fsPath);
    } catch {
      return undefined;
    }
  }

  private lastStep(uri: vscode.Uri, stepId: string): { status: string; durationMs?: number } | undefined {
    const live = this.service.active().find((r) => r.uri.fsPath === uri.fsPath && [...r.model.steps.values()].some((s) => s.stepId === stepId));
    if (live) {
      const steps = [...live.model.steps.values()].filter((s) => s.stepId === stepId);
      const worst = steps.find((s) => s.status === 'running') ?? steps.find((s) => s.status === 'failed') ?? steps[0];
      if (worst && worst.status !== 'queued') return worst;
    }
    try {
      const h = this.service.history(uri);
      for (const r of h.list(20)) {
        if (r.file !== uri.fsPath) continue;
        if (!this.memo.has(r.runId)) this.memo.set(r.runId, h.get(r.runId));
        const s = this.memo.get(r.runId)?.steps.find((x) => x.stepId === stepId && x.status !== 'queued');
        if (s) return s;
      }
    } catch {
      // A store written by a newer version may not read; the tree still lists steps.
    }
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}

function offsetPosition(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}
