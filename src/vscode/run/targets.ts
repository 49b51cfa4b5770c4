// Works out which pipeline, step or run a command is about, from whatever invoked it: a tree row,
// a code lens (uri + step id), an editor title button, the palette (active editor, else a pick).
import * as vscode from 'vscode';
import { findPipelineFiles, isPipelinePath, pipelineKey } from './pipelineFiles.js';
import type { RunService } from './RunService.js';
import { offsetToPos0 } from './runDiagnostics.js';

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg) return uriOf((arg as { uri: unknown }).uri);
  return undefined;
}

/** The pipeline a command targets; asks when nothing points at one. */
export async function pickPipeline(arg: unknown): Promise<vscode.Uri | undefined> {
  const direct = uriOf(arg);
  if (direct) return direct;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isPipelinePath(active.fsPath)) return active;
  const files = await findPipelineFiles();
  if (files.length === 1) return files[0];
  if (files.length === 0) {
    void vscode.window.showInformationMessage('AnsFlow: no pipeline files (*.ansflow.yaml or .ansflow/**/*.yaml) in this workspace.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: pipelineKey(uri), uri })),
    { title: 'AnsFlow: choose a pipeline' },
  );
  return pick?.uri;
}

/** A tree row's file and the name it carries under `key` (a string, or an object's `prop`): Pipelines step and job rows. */
function rowTarget(arg: unknown, key: 'step' | 'job', prop: 'id' | 'name'): { uri: vscode.Uri; name: string } | undefined {
  if (!arg || typeof arg !== 'object' || !(key in arg) || !('uri' in arg)) return undefined;
  const v = (arg as Record<string, unknown>)[key];
  const name = typeof v === 'string' ? v : v && typeof v === 'object' && prop in v ? String((v as Record<string, unknown>)[prop]) : undefined;
  const uri = uriOf(arg);
  return uri && name ? { uri, name } : undefined;
}

/** The pipeline and step a command targets: a tree step row, (uri, stepId), the step under the cursor, or a pick. */
export async function pickStep(service: RunService, arg: unknown, stepArg: unknown): Promise<{ uri: vscode.Uri; stepId: string } | undefined> {
  const row = rowTarget(arg, 'step', 'id');
  if (row) return { uri: row.uri, stepId: row.name };
  const uri = await pickPipeline(arg);
  if (!uri) return undefined;
  if (typeof stepArg === 'string' && stepArg) return { uri, stepId: stepArg };
  const parsed = service.parse(uri);
  const steps = [...(parsed?.pipeline.steps ?? []), ...(parsed?.pipeline.finally ?? [])];
  const editor = vscode.window.activeTextEditor;
  if (editor && parsed && editor.document.uri.fsPath === uri.fsPath) {
    const offset = editor.document.offsetAt(editor.selection.active);
    const under = steps.find((s) => s.range.start <= offset && offset <= s.range.end);
    if (under) return { uri, stepId: under.id };
  }
  const pick = await vscode.window.showQuickPick(
    steps.map((s) => ({ label: s.id, description: s.type, detail: s.name, line: parsed ? offsetToPos0(parsed.text, s.idRange.start).line + 1 : 0 })),
    { title: `AnsFlow: choose a step of ${pipelineKey(uri)}` },
  );
  return pick ? { uri, stepId: pick.label } : undefined;
}

/** A run id from a tree row, a string, or the newest run matching `filter`. */
export function pickRunId(service: RunService, arg: unknown, filter: (status: string) => boolean): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && 'runId' in arg) return String((arg as { runId: unknown }).runId);
  const live = service.active().find((r) => filter(r.model.status));
  if (live) return live.model.runId;
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const stored = service.history(f.uri).list(50).find((r) => filter(r.status));
    if (stored) return stored.runId;
  }
  return undefined;
}

/** The pipeline and job a command targets: a Pipelines tree job row, (uri, job name), or a pick of the pipeline's jobs. */
export async function pickJob(service: RunService, arg: unknown, jobArg: unknown): Promise<{ uri: vscode.Uri; job: string } | undefined> {
  const row = rowTarget(arg, 'job', 'name');
  if (row) return { uri: row.uri, job: row.name };
  const uri = await pickPipeline(arg);
  if (!uri) return undefined;
  if (typeof jobArg === 'string' && jobArg) return { uri, job: jobArg };
  const jobs = service.parse(uri)?.pipeline.jobs ?? [];
  if (jobs.length === 0) {
    void vscode.window.showInformationMessage(`AnsFlow: ${pipelineKey(uri)} has no jobs.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    jobs.map((j) => ({ label: j.name, description: `${j.steps.length} step${j.steps.length === 1 ? '' : 's'}` })),
    { title: `AnsFlow: choose a job of ${pipelineKey(uri)}` },
  );
  return pick ? { uri, job: pick.label } : undefined;
}
