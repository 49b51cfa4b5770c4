/// <reference types="mocha" />
// Security diagnostics in the real extension host: a Kubernetes manifest gets `ansflow-scan` findings at
// the right line, the quick fix and the suppression action work through VS Code's code-action command,
// and `ansflow.scan.enabled: false` clears them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: e2e-scan
  namespace: default
spec:
  containers:
    - name: app
      image: busybox:1.36
      securityContext:
        privileged: true
`;

function scanDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ansflow-scan');
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

suite('security scan diagnostics', () => {
  let uri: vscode.Uri;

  suiteSetup(async () => {
    await getExtension().activate();
    uri = vscode.Uri.joinPath(workspaceRoot(), 'e2e-scan-pod.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(POD));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
  });

  test('(e2e) scan: findings on a manifest, the quick fix and the suppression action, the setting turns them off', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const priv = await waitFor(() => scanDiagnostics(uri).find((d) => codeOf(d) === 'privileged'), 'a privileged finding');
    assert.ok(priv);
    assert.equal(priv.range.start.line, 10);
    assert.equal(priv.severity, vscode.DiagnosticSeverity.Error);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, priv.range);
    const fix = actions.find((a) => a.title === 'Set privileged: false');
    assert.ok(fix?.edit, `quick fix offered: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    await waitFor(() => !scanDiagnostics(uri).some((d) => codeOf(d) === 'privileged'), 'the privileged finding gone after the fix');

    const ns = await waitFor(() => scanDiagnostics(uri).find((d) => codeOf(d) === 'default-namespace'), 'a default-namespace finding');
    assert.ok(ns);
    const more = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, ns.range);
    const ignore = more.find((a) => a.title === 'Ignore default-namespace for this object');
    assert.ok(ignore?.edit);
    await vscode.workspace.applyEdit(ignore.edit);
    await waitFor(() => !scanDiagnostics(uri).some((d) => codeOf(d) === 'default-namespace'), 'default-namespace suppressed');
    assert.match(doc.getText(), /^# ansflow-scan: ignore default-namespace — reason$/m);

    const config = vscode.workspace.getConfiguration('ansflow');
    await config.update('scan.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => scanDiagnostics(uri).length === 0, 'no scan diagnostics with ansflow.scan.enabled false');
    } finally {
      await config.update('scan.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
