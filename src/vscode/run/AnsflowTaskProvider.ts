// Exposes every pipeline and every step as a VS Code task of type `ansflow`, so they appear in
// "Run Task" and work in tasks.json (`dependsOn`, keybindings). Execution goes through the same
// RunService as the commands, into the task's own terminal.
import * as vscode from 'vscode';
import { findPipelineFiles, pipelineKey } from './pipelineFiles.js';
import type { RunService } from './RunService.js';

/** The task type, as declared in package.json `taskDefinitions`. */
export const TASK_TYPE = 'ansflow';

/** The `ansflow` task definition. */
export interface AnsflowTaskDefinition extends vscode.TaskDefinition {
  type: 'ansflow';
  /** Workspace-relative pipeline file. */
  pipeline: string;
  /** Run only this step (with what it needs). */
  step?: string;
  /** Plan instead of running. */
  dryRun?: boolean;
  params?: Record<string, string | number | boolean>;
}

/** See the file comment. */
export class AnsflowTaskProvider implements vscode.TaskProvider {
  constructor(private readonly service: RunService) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const uri of await findPipelineFiles()) {
      const parsed = this.service.parse(uri);
      const key = pipelineKey(uri);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      tasks.push(this.build({ type: TASK_TYPE, pipeline: key }, folder, `run ${parsed?.pipeline.name ?? key}`));
      for (const step of [...(parsed?.pipeline.steps ?? []), ...(parsed?.pipeline.finally ?? [])]) {
        tasks.push(this.build({ type: TASK_TYPE, pipeline: key, step: step.id }, folder, `${parsed?.pipeline.name ?? key}: ${step.id}`));
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as AnsflowTaskDefinition;
    if (def.type !== TASK_TYPE || typeof def.pipeline !== 'string') return undefined;
    const folder = task.scope && typeof task.scope === 'object' ? task.scope : undefined;
    return this.build(def, folder, task.name);
  }

  private build(def: AnsflowTaskDefinition, folder: vscode.WorkspaceFolder | undefined, name: string): vscode.Task {
    const task = new vscode.Task(
      def,
      folder ?? vscode.TaskScope.Workspace,
      name,
      'ansflow',
      new vscode.CustomExecution(async () => {
        const base = folder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
        const uri = base ? vscode.Uri.joinPath(base, def.pipeline) : vscode.Uri.file(def.pipeline);
        return this.service.startInTaskTerminal({ uri, only: def.step ? [def.step] : undefined, dryRun: def.dryRun, params: def.params, trigger: 'task' });
      }),
      [],
    );
    task.detail = def.step ? `AnsFlow step ${def.step} of ${def.pipeline}` : `AnsFlow pipeline ${def.pipeline}`;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }
}
