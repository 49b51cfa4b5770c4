/// <reference types="mocha" />
// What activation costs (issue #20), measured in the real extension host and printed, not asserted:
// the time in activate(), the bundle's evaluation before it, and the time from opening a pipeline to
// its first diagnostics. Asserted: activation loaded none of the lazy bundles (dist/lazy/) and the
// diagnostics arrive (the validator's bundle may load in the language worker, whose modules the host
// cannot see). This folder sorts before the other suites, so the pipeline opened here is the session's first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ActivationFigures } from '../../../../src/vscode/activationFigures.js';
import { loadedLazyBundles } from '../../../../src/vscode/activationFigures.js';
import { getExtension, workspaceRoot } from '../helpers.js';

const PROBE = 'e2e-activation-probe.ansflow.yaml';
const TEXT = 'version: 1\nname: activation-probe\nsteps:\n  hello:\n    type: shell\n    bogusKey: 1\n    with:\n      run: echo hi\n';

/** Resolves when `uri` has diagnostics (event-driven, so the figure is not rounded to a poll). */
function firstDiagnostics(uri: vscode.Uri): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const found = vscode.languages.getDiagnostics(uri);
      if (found.length === 0) return false;
      sub.dispose();
      resolve(found);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

suite('activation cost', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), PROBE)).then(undefined, () => undefined);
  });

  test('(e2e) activation loads no lazy bundle; a pipeline then gets its diagnostics (figures printed)', async () => {
    const api = (await getExtension().activate()) as { activation?: ActivationFigures } | undefined;
    const figures = api?.activation;
    assert.ok(figures, 'activate() returns its figures');
    assert.deepEqual(figures.lazyBundlesLoaded, [], `activation loaded lazy bundles: ${figures.lazyBundlesLoaded.join(', ')}`);

    const uri = vscode.Uri.joinPath(workspaceRoot(), PROBE);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEXT));
    const t0 = performance.now();
    const diagnostics = firstDiagnostics(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const found = await diagnostics;
    const firstDiagnosticsMs = performance.now() - t0;
    assert.ok(found.some((d) => d.message.includes('bogusKey')), `a diagnostic names the unknown key: ${found.map((d) => d.message).join(' | ')}`);
    const loaded = loadedLazyBundles();
    console.log(`[e2e] activation figures: ${JSON.stringify({ activateMs: Math.round(figures.activateMs * 10) / 10, bundleLoadMs: figures.loadMs === undefined ? undefined : Math.round(figures.loadMs * 10) / 10, firstDiagnosticsMs: Math.round(firstDiagnosticsMs), lazyBundlesAfterFirstDiagnostics: loaded, phasesMs: figures.phases })}`);
  });
});
