/// <reference types="mocha" />
// The Resources panel in the real extension host: opened on the Node row of the Clusters tree, it takes
// readings of the test kubelet's Summary while visible (the history behind its sparklines grows), stops
// when another editor hides it and resumes when it shows again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KubeClient } from '../../../src/core/clients/kubernetes/index.js';
import type { ResourcesPanel } from '../../../src/vscode/observability/ResourcesPanel.js';
import { waitFor } from './helpers.js';

const haveCluster = !!process.env.ANSFLOW_TEST_KUBECONFIG && (process.env.ANSFLOW_TEST_ENGINES ?? '').includes('kube-node');
type Row = { label: string; node: unknown };

suite('(e2e) observability: resources panel', () => {
  test('(e2e) resources: Show Resources on a row without usage opens nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('ansflow.showResources', { type: 'group' }), undefined);
  });

  test('(e2e) resources: a Node row opens the panel; readings while visible only, history kept across hiding', async function () {
    if (!haveCluster) return this.skip();
    this.timeout(180_000);
    const kube = KubeClient.load();
    const context = kube.context;
    kube.dispose();
    await vscode.commands.executeCommand('ansflow.selectKubeContext', context);
    const node = (await waitFor(async () => ((await vscode.commands.executeCommand<Row[] | undefined>('ansflow.getClustersRows', [context, 'Nodes'])) ?? []).find((r) => r.label === 'localhost'), 'the node row', 60_000))!;
    const panel = (await vscode.commands.executeCommand<ResourcesPanel>('ansflow.showResources', node.node))!;
    try {
      await waitFor(() => panel.readings >= 2, 'two readings of the node', 60_000);
      const v = panel.model.view();
      assert.equal(v.title, 'Node localhost');
      assert.equal(v.source, 'kubelet-summary', v.error ?? v.note);
      assert.deepEqual(v.nodes.map((r) => r.name), ['localhost']);
      assert.ok(v.nodes[0]!.cpuSeries.length >= 2, 'the sparkline has a point per reading');

      await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
      await waitFor(() => !panel.isPolling, 'polling to stop while the panel is hidden');
      const kept = panel.model.history.series('node:localhost').length;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor(() => panel.isPolling, 'polling to resume when the panel shows again');
      await waitFor(() => panel.model.history.series('node:localhost').length > kept, 'a new reading after the history kept while hidden', 60_000);
    } finally {
      panel.dispose();
    }
  });

  test('(e2e) resources: with ansflow.metrics.inTreeDescriptions on, the node row of the Clusters view shows its CPU and memory', async function () {
    if (!haveCluster) return this.skip();
    this.timeout(120_000);
    const kube = KubeClient.load();
    const context = kube.context;
    kube.dispose();
    // The tree reads usage only while the Clusters view is visible (TreeUsage); on a fresh
    // workbench nothing has shown it yet.
    await vscode.commands.executeCommand('ansflow.clusters.focus');
    const nodeRow = async () => ((await vscode.commands.executeCommand<Array<Row & { description: string }> | undefined>('ansflow.getClustersRows', [context, 'Nodes'])) ?? []).find((r) => r.label === 'localhost');
    assert.doesNotMatch((await waitFor(nodeRow, 'the node row', 60_000))!.description, /CPU/, 'off by default');
    await vscode.workspace.getConfiguration('ansflow.metrics').update('inTreeDescriptions', true, vscode.ConfigurationTarget.Global);
    try {
      const row = (await waitFor(async () => ((await nodeRow())?.description.match(/CPU .+ · MEM \S+ \S+$/) ? nodeRow() : undefined), 'usage in the node row\'s description', 60_000))!;
      assert.match(row.description, /\S · CPU (\d+m|[\d.]+ cores) · MEM [\d.]+ [KMG]iB$/);
    } finally {
      await vscode.workspace.getConfiguration('ansflow.metrics').update('inTreeDescriptions', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
