/// <reference types="mocha" />
// The extension loads into real VS Code, activates on a pipeline file, and contributes its surface.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, getExtension, openWorkspaceFile, waitFor, workspaceRoot } from './helpers.js';

const FIXTURE = 'e2e-fixtures/minimal.ansflow.yaml';

/** A pipeline from examples/ (copied to the workspace root) when there is one, else the fixture. */
async function examplePipeline(): Promise<string> {
  const entries = await vscode.workspace.fs.readDirectory(workspaceRoot());
  const examples = entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.ansflow.yaml')).map(([n]) => n);
  return examples.sort()[0] ?? FIXTURE;
}
const VIEW_IDS = [
  'ansflow.pipelines',
  'ansflow.runs',
  'ansflow.clusters',
  'ansflow.containers',
  'ansflow.helmReleases',
  'ansflow.inventories',
];

suite('activation', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('(e2e) the extension activates when a pipeline file is opened', async () => {
    const ext = getExtension();
    const doc = await openWorkspaceFile(await examplePipeline());
    assert.equal(doc.languageId, 'ansflow-pipeline');
    await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`);
    const events = (ext.packageJSON as { activationEvents: string[] }).activationEvents;
    assert.ok(events.includes('onLanguage:ansflow-pipeline'), 'activates on the pipeline language');
    assert.ok(!events.includes('*') && !events.includes('onLanguage:yaml'), 'activation stays narrow');
    const api = ext.exports as { context?: unknown } | undefined;
    assert.ok(api?.context, 'activate() returns the AnsFlow API with its context');
  });

  test('(e2e) *.ansflow.yaml documents get the ansflow-pipeline language id', async () => {
    const doc = await openWorkspaceFile(FIXTURE);
    assert.equal(doc.languageId, 'ansflow-pipeline');
    const plain = await openWorkspaceFile('e2e-fixtures/not-a-pipeline.yaml');
    assert.equal(plain.languageId, 'yaml', 'plain YAML is left alone');
  });

  test('(e2e) ansflow.showInfo runs and returns its message', async () => {
    await getExtension().activate();
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('ansflow.showInfo'), 'ansflow.showInfo is registered');
    const pending = vscode.commands.executeCommand<string>('ansflow.showInfo');
    // The command may await its information message, which settles only when the toast closes:
    // close it the way a user would if the command has not returned by then.
    const early = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
    if (early === undefined) await vscode.commands.executeCommand('notifications.clearAll');
    const message = await pending;
    assert.equal(typeof message, 'string');
    assert.match(message, /^AnsFlow \S+ is active \(VS Code \d+\.\d+\.\d+/);
    assert.ok(message.includes(vscode.version), 'the message names the running VS Code version');
  });

  test('(e2e) the AnsFlow container contributes its six views', async () => {
    const pkg = getExtension().packageJSON as {
      contributes: { views: Record<string, Array<{ id: string }>>; viewsWelcome: Array<{ view: string }> };
    };
    assert.deepEqual(pkg.contributes.views.ansflow.map((v) => v.id), VIEW_IDS);
    const welcomed = new Set(pkg.contributes.viewsWelcome.map((w) => w.view));
    for (const id of VIEW_IDS) assert.ok(welcomed.has(id), `${id} has a viewsWelcome text`);
    // Each view id answers its generated focus command only when VS Code registered the view.
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of VIEW_IDS) assert.ok(all.has(`${id}.focus`), `VS Code registered the view ${id}`);
    await vscode.commands.executeCommand('ansflow.pipelines.focus');
  });
});
