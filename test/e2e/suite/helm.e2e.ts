/// <reference types="mocha" />
// The Helm Releases commands in the real extension host against the test apiserver (run e2e under
// test/infra/with-engines.sh with "kube helm"): a revision's user-supplied and computed values,
// manifest, notes and hooks open as read-only documents read natively from the release Secret.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { KubeClient } from '../../../src/core/clients/kubernetes/index.js';
import { waitFor } from './helpers.js';

const helm = process.env.ANSFLOW_TEST_HELM;
const haveEngines = !!helm && !!process.env.ANSFLOW_TEST_KUBECONFIG;
const NS = `e2e-helm-host-${Date.now().toString(36)}`;

function makeChart(): string {
  const chart = join(mkdtempSync(join(tmpdir(), 'ansflow-e2e-chart-')), 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.3.1\nappVersion: "2.4.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'color: blue\nreplicas: 1\n');
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  color: {{ .Values.color | quote }}\n');
  writeFileSync(join(chart, 'templates', 'hook.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-hook\n  annotations:\n    "helm.sh/hook": post-install\ndata:\n  at: "install"\n');
  writeFileSync(join(chart, 'templates', 'NOTES.txt'), 'Thanks for installing {{ .Release.Name }}.\n');
  return chart;
}

suite('(e2e) helm releases', () => {
  let context = '';

  suiteSetup(function () {
    if (!haveEngines) return this.skip();
    this.timeout(120_000);
    context = KubeClient.load().context;
    const chart = makeChart();
    execFileSync(helm!, ['install', 'web', chart, '-n', NS, '--create-namespace', '--set', 'color=red']);
    execFileSync(helm!, ['upgrade', 'web', chart, '-n', NS, '--set', 'color=green,replicas=2']);
  });

  suiteTeardown(() => {
    if (haveEngines) execFileSync(helm!, ['uninstall', 'web', '-n', NS]);
  });

  const open = async (command: string, revision: number): Promise<string> => {
    // The same shape the tree hands to its context-menu commands.
    await vscode.commands.executeCommand(command, { kind: 'revision', context, namespace: NS, name: 'web', release: { revision }, latest: revision === 2 });
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'ansflow-helm' && e.document.uri.path.includes(`-r${revision}-`) ? e : undefined;
    }, `the ${command} document of revision ${revision}`);
    return editor!.document.getText();
  };

  test('(e2e) helm releases: values, computed values, manifest, notes and hooks of a revision open as documents', async () => {
    assert.equal(await open('ansflow.helmShowValues', 1), 'color: red\n');
    assert.equal(await open('ansflow.helmShowComputedValues', 2), 'color: green\nreplicas: 2\n');
    assert.match(await open('ansflow.helmShowManifest', 1), /^ {2}color: "red"$/m);
    assert.equal(await open('ansflow.helmShowNotes', 2), 'Thanks for installing web.\n');
    const hooks = await open('ansflow.helmShowHooks', 1);
    assert.match(hooks, /^# Source: demo\/templates\/hook\.yaml$/m);
    assert.match(hooks, /name: web-hook/);
    assert.equal(vscode.window.activeTextEditor!.document.uri.path.split('/').at(-1), 'web-r1-hooks.yaml', 'the tab is named after release, revision and part');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
