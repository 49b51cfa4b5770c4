// The Helm Releases commands: documents and diffs read the cluster; upgrade, rollback, uninstall,
// test and template run helm through the core action functions, only in a trusted workspace,
// with cancellable progress. Each takes a tree row or, from the palette, asks for the release.
import * as vscode from 'vscode';
import type { AnsflowContext } from '../AnsflowContext.js';
import { ensureTrusted } from '../run/trust.js';
import { findHelm, getHelmReleaseHistory, listHelmReleases, chartLabel, type HelmRelease } from '../../core/clients/helm/index.js';
import { isCancellationError } from '../../core/contracts/result.js';
import {
  parseSetPairs,
  rollbackPreview,
  rollbackQuestion,
  rollbackRelease,
  templateChart,
  testRelease,
  uninstallRelease,
  upgradeRelease,
  type HelmDocumentPart,
  type HelmReleasesModel,
  type HelmReleaseTarget,
  type HelmTreeNode,
} from '../../core/views/helm/index.js';
import type { KubeSelection } from '../kubernetes/KubeSelection.js';
import { HelmDocuments } from './HelmDocuments.js';
import { audited } from '../observability/auditTrail.js';

/** What the commands share. */
export interface HelmCommandDeps {
  ctx: AnsflowContext;
  selection: KubeSelection;
  model: HelmReleasesModel;
}

interface ReleaseRef {
  context: string;
  namespace: string;
  name: string;
  /** Set when the command came from a revision row. */
  revision?: number;
}

function refOf(arg: unknown): ReleaseRef | undefined {
  const n = arg as HelmTreeNode | undefined;
  if (n?.kind === 'release') return { context: n.context, namespace: n.namespace, name: n.name };
  if (n?.kind === 'revision') return { context: n.context, namespace: n.namespace, name: n.name, revision: n.release.revision };
  return undefined;
}

/** Shows a ToolError's message with its hint (what to install, what to do); cancellations stay quiet. */
function report(ctx: AnsflowContext, action: string, e: unknown): void {
  if (isCancellationError(e)) return;
  const err = e as Error & { hint?: string };
  ctx.log.error(`helm ${action} failed`, e);
  void vscode.window.showErrorMessage(`AnsFlow: ${err.message}${err.hint ? ` ${err.hint}` : ''}`);
}

function withProgress<T>(title: string, work: (signal: AbortSignal, say: (line: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return work(ac.signal, (line) => progress.report({ message: line.slice(0, 200) }));
  });
}

/** Registers every Helm Releases command on `deps.ctx`. */
export function registerHelmCommands(deps: HelmCommandDeps): void {
  const { ctx, selection, model } = deps;

  const helmTarget = (r: ReleaseRef): HelmReleaseTarget => {
    const files = selection.client(r.context).config.files;
    // helm's --kubeconfig takes one file; a KUBECONFIG list reaches helm through the environment.
    return { helm: findHelm(vscode.workspace.getConfiguration('ansflow').get<string>('helmPath') || undefined), context: r.context, namespace: r.namespace, release: r.name, kubeconfig: files.length === 1 ? files[0] : undefined };
  };

  const pickRelease = async (): Promise<ReleaseRef | undefined> => {
    const context = selection.context;
    if (!context) throw selection.error ?? new Error('No Kubernetes context is selected.');
    const releases = await listHelmReleases(selection.client(context), { statuses: ['deployed', 'failed', 'pending-install', 'pending-upgrade', 'pending-rollback', 'superseded', 'uninstalling', 'unknown'] });
    if (releases.length === 0) {
      void vscode.window.showInformationMessage(`AnsFlow: no Helm releases in context ${context}.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      releases.map((r) => ({ label: r.name, description: `${r.namespace} · ${r.status} · ${chartLabel(r)} · rev ${r.revision}`, r })),
      { placeHolder: `Helm release in ${context}` },
    );
    return pick && { context, namespace: pick.r.namespace, name: pick.r.name };
  };

  const history = (r: ReleaseRef): Promise<HelmRelease[]> => getHelmReleaseHistory(selection.client(r.context), r.name, r.namespace);

  const pickRevision = async (r: ReleaseRef, placeHolder: string, skip: (h: HelmRelease, latest: number) => boolean): Promise<number | undefined> => {
    const revs = await history(r);
    const latest = revs.at(-1)?.revision ?? 0;
    const items = [...revs].reverse().filter((h) => !skip(h, latest)).map((h) => ({ label: `Revision ${h.revision}`, description: `${h.status} · ${chartLabel(h)}${h.revision === latest ? ' · latest' : ''}`, detail: h.description, revision: h.revision }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`AnsFlow: ${r.name} has no other revision to choose.`);
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.revision;
  };

  const resolve = async (arg: unknown): Promise<ReleaseRef | undefined> => refOf(arg) ?? (await pickRelease());

  const show = (part: HelmDocumentPart) => async (arg: unknown) => {
    try {
      const r = await resolve(arg);
      if (!r) return;
      const revision = r.revision ?? (await history(r)).at(-1)?.revision;
      if (!revision) return;
      const doc = await vscode.workspace.openTextDocument(HelmDocuments.uri({ context: r.context, namespace: r.namespace, release: r.name, revision, part }));
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (e) {
      report(ctx, `show ${part}`, e);
    }
  };

  const showDiff = (r: ReleaseRef, from: number, to: number, title: string) =>
    vscode.commands.executeCommand(
      'vscode.diff',
      HelmDocuments.uri({ context: r.context, namespace: r.namespace, release: r.name, revision: from, part: 'manifest' }),
      HelmDocuments.uri({ context: r.context, namespace: r.namespace, release: r.name, revision: to, part: 'manifest' }),
      title,
      { preview: true },
    );

  ctx.registerCommand('refreshHelmReleases', () => model.reset());
  ctx.registerCommand('helmShowValues', show('values'));
  ctx.registerCommand('helmShowComputedValues', show('computed-values'));
  ctx.registerCommand('helmShowManifest', show('manifest'));
  ctx.registerCommand('helmShowNotes', show('notes'));
  ctx.registerCommand('helmShowHooks', show('hooks'));

  ctx.registerCommand('helmDiffRevisions', async (arg: unknown) => {
    try {
      const r = await resolve(arg);
      if (!r) return;
      const first = r.revision ?? (await pickRevision(r, `${r.name}: first revision to compare`, () => false));
      if (!first) return;
      const second = await pickRevision(r, `${r.name}: compare revision ${first} with…`, (h) => h.revision === first);
      if (!second) return;
      const [a, b] = first < second ? [first, second] : [second, first];
      await showDiff(r, a, b, `${r.name}: revision ${a} ↔ ${b} (manifest)`);
    } catch (e) {
      report(ctx, 'diff', e);
    }
  });

  ctx.registerCommand('helmRollback', async (arg: unknown) => {
    try {
      if (!(await ensureTrusted('roll back a Helm release'))) return;
      const r = await resolve(arg);
      if (!r) return;
      const revision = r.revision ?? (await pickRevision(r, `${r.name}: roll back to…`, (h, latest) => h.revision === latest));
      if (!revision) return;
      const preview = rollbackPreview(await history(r), revision);
      // The diff first, then the question: people confirm what they have seen.
      await showDiff(r, preview.current.revision, revision, `${r.name}: revision ${preview.current.revision} → ${revision} (rollback preview)`);
      const go = await vscode.window.showWarningMessage(rollbackQuestion(preview), { modal: true }, 'Roll Back');
      if (go !== 'Roll Back') return;
      const target = helmTarget(r);
      await audited('helm-rollback', { context: r.context, namespace: r.namespace, object: r.name }, () => withProgress(`Rolling back ${r.name} to revision ${revision}`, (signal, say) => rollbackRelease(target, revision, { signal, onStderrLine: say })), { detail: `to revision ${revision}` });
      void vscode.window.showInformationMessage(`AnsFlow: ${r.name} rolled back to revision ${revision}.`);
    } catch (e) {
      report(ctx, 'rollback', e);
    }
  });

  ctx.registerCommand('helmUninstall', async (arg: unknown) => {
    try {
      if (!(await ensureTrusted('uninstall a Helm release'))) return;
      const r = await resolve(arg);
      if (!r) return;
      const go = await vscode.window.showWarningMessage(`Uninstall ${r.name} from namespace ${r.namespace} (context ${r.context})? Helm deletes every resource of the release and its history.`, { modal: true }, 'Uninstall');
      if (go !== 'Uninstall') return;
      const target = helmTarget(r);
      await audited('helm-uninstall', { context: r.context, namespace: r.namespace, object: r.name }, () => withProgress(`Uninstalling ${r.name}`, (signal, say) => uninstallRelease(target, { signal, onStderrLine: say })));
      void vscode.window.showInformationMessage(`AnsFlow: ${r.name} uninstalled.`);
    } catch (e) {
      report(ctx, 'uninstall', e);
    }
  });

  ctx.registerCommand('helmTest', async (arg: unknown) => {
    try {
      if (!(await ensureTrusted('run Helm tests'))) return;
      const r = await resolve(arg);
      if (!r) return;
      const target = helmTarget(r);
      const out = await withProgress(`Testing ${r.name}`, (signal, say) => testRelease(target, { signal, onStderrLine: say }));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: out, language: 'log' }), { preview: true });
    } catch (e) {
      report(ctx, 'test', e);
    }
  });

  const workspaceCharts = async (): Promise<vscode.Uri[]> => (await vscode.workspace.findFiles('**/Chart.yaml', '**/node_modules/**', 200)).map((u) => vscode.Uri.joinPath(u, '..'));

  const pickChart = async (title: string, allowReference: boolean): Promise<string | undefined> => {
    const charts = await workspaceCharts();
    const items: Array<vscode.QuickPickItem & { path?: string }> = charts.map((u) => ({ label: vscode.workspace.asRelativePath(u), path: u.fsPath }));
    if (allowReference) items.push({ label: '$(edit) Enter a chart reference…', description: 'repo/name, a URL, an archive or oci://…' });
    if (items.length === 0) {
      void vscode.window.showInformationMessage('AnsFlow: no Helm chart (Chart.yaml) in the workspace.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(items, { placeHolder: title });
    if (!pick) return undefined;
    return pick.path ?? (await vscode.window.showInputBox({ prompt: 'Chart reference', placeHolder: 'repo/name' }))?.trim();
  };

  ctx.registerCommand('helmUpgrade', async (arg: unknown) => {
    try {
      if (!(await ensureTrusted('upgrade a Helm release'))) return;
      const r = await resolve(arg);
      if (!r) return;
      const chart = await pickChart(`Upgrade ${r.name} with which chart?`, true);
      if (!chart) return;
      const valueFiles = await vscode.workspace.findFiles('**/*values*.{yaml,yml}', '**/node_modules/**', 200);
      const chosen = valueFiles.length
        ? await vscode.window.showQuickPick(valueFiles.map((u) => ({ label: vscode.workspace.asRelativePath(u), path: u.fsPath })), { canPickMany: true, placeHolder: 'Values files (--values), in order; none is fine' })
        : [];
      if (!chosen) return;
      const setText = await vscode.window.showInputBox({
        prompt: '--set values (key=value, comma separated); empty for none',
        placeHolder: 'image.tag=v2, replicas=3',
        validateInput: (v) => {
          try {
            parseSetPairs(v);
            return undefined;
          } catch (e) {
            return (e as Error).message;
          }
        },
      });
      if (setText === undefined) return;
      const flags = await vscode.window.showQuickPick(
        [
          { label: '--atomic', description: 'roll back automatically when the upgrade fails', picked: true, key: 'atomic' as const },
          { label: '--wait', description: 'wait until resources are ready', picked: false, key: 'wait' as const },
          { label: '--reuse-values', description: "start from the last release's values", picked: false, key: 'reuseValues' as const },
        ],
        { canPickMany: true, placeHolder: `Upgrade ${r.name}: options` },
      );
      if (!flags) return;
      const on = new Set(flags.map((f) => f.key));
      const target = helmTarget(r);
      const form = { chart, valuesFiles: chosen.map((c) => c.path), set: parseSetPairs(setText), atomic: on.has('atomic'), wait: on.has('wait'), reuseValues: on.has('reuseValues') };
      const rel = await audited('helm-upgrade', { context: r.context, namespace: r.namespace, object: r.name }, () => withProgress(`Upgrading ${r.name}`, (signal, say) => upgradeRelease(target, form, { signal, onStderrLine: say })), { detailOf: (x) => `chart ${chart} → revision ${x.revision} (${x.status})` });
      void vscode.window.showInformationMessage(`AnsFlow: ${r.name} upgraded to revision ${rel.revision} (${rel.status}).`);
    } catch (e) {
      report(ctx, 'upgrade', e);
    }
  });

  ctx.registerCommand('helmTemplateChart', async (arg: unknown) => {
    try {
      if (!(await ensureTrusted('render a Helm chart'))) return;
      const given = arg instanceof vscode.Uri ? (arg.path.endsWith('/Chart.yaml') ? vscode.Uri.joinPath(arg, '..').fsPath : arg.fsPath) : undefined;
      const chart = given ?? (await pickChart('Render which chart (helm template)?', false));
      if (!chart) return;
      const helm = findHelm(vscode.workspace.getConfiguration('ansflow').get<string>('helmPath') || undefined);
      const out = await withProgress('Rendering the chart', (signal, say) => templateChart(helm, { chart }, { signal, onStderrLine: say }));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: out, language: 'yaml' }), { preview: true });
    } catch (e) {
      report(ctx, 'template', e);
    }
  });
}
