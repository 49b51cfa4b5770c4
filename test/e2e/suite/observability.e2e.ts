/// <reference types="mocha" />
// The audit trail in the real extension host: an editor run and (with a test cluster) a scale from
// the Clusters command land in the file `ansflow.audit.file` names, through the real hooks, and
// "AnsFlow: Show Audit Log" lists them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { applyManifests, KubeClient, parseManifests } from '../../../src/core/clients/kubernetes/index.js';
import { waitFor, workspaceRoot } from './helpers.js';

const NS = 'e2e-obs';
const haveCluster = !!process.env.ANSFLOW_TEST_KUBECONFIG && (process.env.ANSFLOW_TEST_ENGINES ?? '').includes('kube');
const file = join(mkdtempSync(join(tmpdir(), 'ansflow-e2e-audit-')), 'audit.jsonl');

function records(): Array<{ action: string; source: string; result: string; runId?: string; detail?: string; target: { context?: string; namespace?: string; object?: string } }> {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

suite('(e2e) observability: audit trail', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('ansflow').update('audit.file', file, vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('ansflow').update('audit.file', undefined, vscode.ConfigurationTarget.Global);
  });

  test('(e2e) audit: an editor run is recorded with its run id, and Show Audit Log opens its table', async function () {
    this.timeout(90_000);
    const runId = await vscode.commands.executeCommand<string | undefined>('ansflow.runPipeline', vscode.Uri.joinPath(workspaceRoot(), 'e2e-fixtures', 'minimal.ansflow.yaml'));
    assert.ok(runId, 'the run started');
    const r = (await waitFor(() => records().find((x) => x.action === 'pipeline-run' && x.runId === runId), 'the pipeline-run record', 60_000))!;
    assert.deepEqual([r.source, r.result, r.target.object], ['editor', 'ok', 'e2e-minimal']);
    const listed = await vscode.commands.executeCommand<number>('ansflow.showAuditLog', runId);
    assert.equal(listed, records().length);
    // The tab model catches up with the new panel a moment later.
    const isAuditTab = (tab: vscode.Tab | undefined) => tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('ansflow.auditLog');
    await waitFor(() => isAuditTab(vscode.window.tabGroups.activeTabGroup.activeTab) || undefined, 'the audit table as the active tab', 30_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('(e2e) audit: scaling from the Clusters command records the scale with the context, namespace and object', async function () {
    if (!haveCluster) return this.skip();
    this.timeout(120_000);
    const kube = KubeClient.load({ namespace: NS });
    try {
      await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: audited, namespace: ${NS} }\nspec:\n  replicas: 0\n  selector: { matchLabels: { app: audited } }\n  template:\n    metadata: { labels: { app: audited } }\n    spec: { containers: [{ name: c, image: none }] }\n`));
      await vscode.commands.executeCommand('ansflow.selectKubeContext', kube.context);
      type Row = { label: string; node: unknown };
      const row = (await waitFor(async () => ((await vscode.commands.executeCommand<Row[] | undefined>('ansflow.getClustersRows', [kube.context, NS, 'Workloads', 'Deployments'])) ?? []).find((x) => x.label === 'audited'), 'the audited Deployment row', 60_000))!;
      await vscode.commands.executeCommand('ansflow.kubeScale', row.node, 0);
      const r = (await waitFor(() => records().find((x) => x.action === 'scale' && x.target.object === 'Deployment/audited'), 'the scale record'))!;
      assert.deepEqual([r.source, r.result, r.target.context, r.target.namespace, r.detail], ['editor', 'ok', kube.context, NS, 'replicas 0 → 0']);
    } finally {
      await kube.request('DELETE', `/api/v1/namespaces/${NS}`).catch(() => undefined);
      kube.dispose();
    }
  });
});
