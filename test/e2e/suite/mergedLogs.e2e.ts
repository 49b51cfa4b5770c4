/// <reference types="mocha" />
// "AnsFlow: Show Merged Logs" in the real extension host: invoked as from a run row of the Runs view, it
// opens the merged log panel for that run (the webview itself is driven in headless Chromium by
// test/integration/webview/logsWebview.test.ts; the merger on real engines by test/integration/logs/).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, workspaceRoot } from './helpers.js';

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

suite('(e2e) merged logs', () => {
  test('(e2e) merged logs: Show Merged Logs on a run row opens the run\'s merged log panel', async function () {
    this.timeout(90_000);
    const runId = await vscode.commands.executeCommand<string | undefined>('ansflow.runPipeline', vscode.Uri.joinPath(workspaceRoot(), 'e2e-fixtures', 'minimal.ansflow.yaml'));
    assert.ok(runId, 'the run started');
    // As the Runs view passes its row: the run id and the folder whose run store holds it.
    const row = { kind: 'run', runId, uri: vscode.Uri.joinPath(workspaceRoot(), 'e2e-fixtures', 'minimal.ansflow.yaml') };
    const title = await vscode.commands.executeCommand<string | undefined>('ansflow.showMergedLogs', row);
    assert.equal(title, `Run ${runId.slice(0, 8)}`);
    await waitFor(() => tabLabels().includes(`Logs: ${title}`), 'the merged log panel');
    // A row without logs (or the palette) opens nothing.
    assert.equal(await vscode.commands.executeCommand('ansflow.showMergedLogs', { kind: 'log', runId, step: 'x' }), undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
