// Server-side apply from the editor: dry-run first, show live ↔ result in a diff editor, apply only
// after a modal yes; a field-manager conflict lists the other managers and their fields and asks
// again before forcing (kubectl's --force-conflicts).
import { stringify as toYaml } from 'yaml';
import * as vscode from 'vscode';
import {
  applyManifests, getResource, parseFieldConflicts, toApplyObject,
  type AppliedObject, type KubeClient, type KubeObject, type ManifestDoc,
} from '../../core/clients/kubernetes/index.js';
import { ToolError } from '../../core/contracts/result.js';
import type { KubeDocuments } from './KubeDocuments.js';

const asYaml = (objects: Array<KubeObject | undefined>) => objects.map((o) => (o ? toYaml(toApplyObject(o), { lineWidth: 0 }) : '# (does not exist yet)\n')).join('---\n');

/** Returns the apply results, or undefined when the person declined or cancelled. */
export async function applyWithDiff(kube: KubeClient, docs: ManifestDoc[], docsView: KubeDocuments, title: string): Promise<AppliedObject[] | undefined> {
  let force = false;
  const run = (dryRun: boolean, token?: vscode.CancellationToken) => {
    const abort = new AbortController();
    token?.onCancellationRequested(() => abort.abort());
    return applyManifests(kube, docs, { dryRun, force, signal: abort.signal });
  };
  const confirmForce = async (e: unknown): Promise<boolean> => {
    const conflicts = e instanceof ToolError && e.code === 'conflict' ? parseFieldConflicts(e.message) : [];
    if (conflicts.length === 0) throw e;
    const lines = conflicts.map((c) => `${c.field} — owned by "${c.manager}"`).join('\n');
    const pick = await vscode.window.showWarningMessage(`Other field managers own fields this apply changes:\n${lines}\n\nForce the apply and take these fields over?`, { modal: true }, 'Force Apply');
    force = pick === 'Force Apply';
    return force;
  };
  const progress = <T>(message: string, fn: (token: vscode.CancellationToken) => Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: message, cancellable: true }, (_p, token) => fn(token));

  let planned: AppliedObject[];
  try {
    planned = await progress(`Dry run on ${kube.context}…`, (t) => run(true, t));
  } catch (e) {
    if (!(await confirmForce(e))) return undefined;
    planned = await progress(`Dry run on ${kube.context} (forced)…`, (t) => run(true, t));
  }
  const live = await Promise.all(planned.map((p) => getResource(kube, p.kind, p.name, p.namespace).catch(() => undefined)));
  const stamp = Date.now();
  const left = docsView.put(`diff/${stamp}/live.yaml`, asYaml(live));
  const right = docsView.put(`diff/${stamp}/after-apply.yaml`, asYaml(planned.map((p) => p.object)));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${title}: live ↔ after apply (dry run)`);
  const summary = planned.map((p) => `${p.kind}/${p.name}: ${p.action}`).join('\n');
  const ok = await vscode.window.showInformationMessage(`Apply to context "${kube.context}"${force ? ' (forcing conflicts)' : ''}?\n${summary}`, { modal: true }, 'Apply');
  if (ok !== 'Apply') return undefined;
  try {
    return await progress(`Applying to ${kube.context}…`, (t) => run(false, t));
  } catch (e) {
    // Someone else may have taken fields between the dry run and now.
    if (!force && (await confirmForce(e))) return progress(`Applying to ${kube.context} (forced)…`, (t) => run(false, t));
    throw e;
  }
}
