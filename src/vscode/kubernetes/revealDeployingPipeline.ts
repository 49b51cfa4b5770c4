// "Reveal the Pipeline That Deployed It" on a Clusters row: asks the run history of each workspace
// folder (core/views/clusters/deployedBy), opens the pipeline file at the step's id and offers the
// step's log from that run.
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { RunHistory, RunStore } from '../../core/runner/index.js';
import { parsePipeline } from '../../core/pipeline/index.js';
import { findDeployer, type Deployer } from '../../core/views/clusters/deployedBy.js';
import type { ClusterNode, ResourceNode } from '../../core/views/clusters/nodes.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import { commandId } from '../commands.js';

const isResource = (a: unknown): a is ResourceNode => !!a && typeof a === 'object' && (a as ClusterNode).type === 'resource';

/** The newest deployer across the workspace folders' run stores (the same folder the runner writes). */
function newestDeployer(ref: { kind: string; name: string; namespace?: string }): { deployer: Deployer; folder: string } | undefined {
  let best: { deployer: Deployer; folder: string } | undefined;
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const { deployer } = findDeployer(new RunHistory(new RunStore({ root: join(f.uri.fsPath, '.ansflow', 'runs') })), ref);
    if (deployer && (!best || deployer.startedAt > best.deployer.startedAt)) best = { deployer, folder: f.uri.fsPath };
  }
  return best;
}

export function registerRevealDeployingPipeline(ctx: AnsflowContext): void {
  ctx.registerCommand('kubeRevealDeployingPipeline', async (arg?: unknown) => {
    if (!isResource(arg)) {
      void vscode.window.showInformationMessage('AnsFlow: right-click a resource row of the Clusters view to reveal the pipeline that deployed it.');
      return;
    }
    const o = arg.object;
    const label = `${arg.kind.kind}/${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`;
    const found = newestDeployer({ kind: arg.kind.kind, name: o.metadata.name, namespace: o.metadata.namespace });
    if (!found?.deployer.file) {
      const why = found ? 'was applied by a run with no pipeline file' : 'was not applied by any recorded AnsFlow run in this workspace';
      void vscode.window.showInformationMessage(`AnsFlow: ${label} ${why}.`);
      return;
    }
    const { deployer, folder } = found;
    const file = isAbsolute(deployer.file!) ? deployer.file! : join(folder, deployer.file!);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const step = (() => {
      const p = parsePipeline(doc.getText(), { file }).pipeline;
      return [...p.steps, ...p.finally].find((s) => s.id === deployer.stepId);
    })();
    const selection = step ? new vscode.Range(doc.positionAt(step.idRange.start), doc.positionAt(step.idRange.end)) : undefined;
    await vscode.window.showTextDocument(doc, { selection, preview: false });
    const when = new Date(deployer.startedAt).toLocaleString();
    const stepNote = step ? '' : ` (the step is no longer in the file)`;
    const showLog = 'Show Step Log';
    // Not awaited: the command resolves once the file is shown, whether or not the message is answered.
    void vscode.window.showInformationMessage(`AnsFlow: ${label} was ${deployer.action || 'applied'} by step "${deployer.step}"${stepNote} of run ${deployer.runId} (${deployer.status}, ${when}).`, showLog).then((pick) => {
      if (pick === showLog) void vscode.commands.executeCommand(commandId('showRunLog'), deployer.runId, deployer.step);
    });
    return { runId: deployer.runId, step: deployer.step, file };
  });
}
