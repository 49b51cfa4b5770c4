/// <reference types="mocha" />
// Security diagnostics in the real extension host: a Kubernetes manifest gets `ansflow-scan` findings at
// the right line, the quick fix and the suppression action work through VS Code's code-action command,
// and `ansflow.scan.enabled: false` clears them; an unopened workspace manifest gets findings, and a
// NetworkPolicy written to another file clears its no-network-policy finding.
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

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: e2e-scan-web
  namespace: e2e-scan-ns
spec:
  selector:
    matchLabels: { app: e2e-scan-web }
  template:
    metadata:
      labels: { app: e2e-scan-web }
    spec:
      containers:
        - name: web
          image: busybox:1.36
          resources:
            limits: { memory: 64Mi }
          securityContext:
            privileged: true
`;

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: e2e-scan-web
  namespace: e2e-scan-ns
spec:
  podSelector: {}
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

  test('(e2e) scan: an unopened workspace manifest gets findings; a NetworkPolicy in another file covers its namespace', async () => {
    const dir = vscode.Uri.joinPath(workspaceRoot(), 'e2e-scan-ws');
    const deploy = vscode.Uri.joinPath(dir, 'deploy.yaml');
    const policy = vscode.Uri.joinPath(dir, 'policy.yaml');
    const rules = () => scanDiagnostics(deploy).map(codeOf);
    try {
      await vscode.workspace.fs.writeFile(deploy, Buffer.from(DEPLOYMENT));
      await waitFor(() => rules().includes('no-network-policy') && rules().includes('privileged'), 'findings on the unopened deploy.yaml');
      assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.toString() === deploy.toString()), false, 'deploy.yaml was never opened');
      const priv = scanDiagnostics(deploy).find((d) => codeOf(d) === 'privileged')!;
      assert.equal(priv.range.start.line, 18);

      await vscode.workspace.fs.writeFile(policy, Buffer.from(POLICY));
      await waitFor(() => !rules().includes('no-network-policy') && rules().includes('privileged'), 'no-network-policy cleared by policy.yaml');

      await vscode.workspace.fs.delete(policy);
      await waitFor(() => rules().includes('no-network-policy'), 'no-network-policy back once policy.yaml is gone');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
    await waitFor(() => scanDiagnostics(deploy).length === 0, 'findings gone with the file');
  });
});
