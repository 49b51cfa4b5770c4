/// <reference types="mocha" />
// "AnsFlow: Import CI Definition…" in the real extension host: a workflow under .github/workflows
// becomes <name>.ansflow.yaml at the workspace root, opened beside the source, and its placeholder
// step is a placeholder-step warning in the Problems panel; the dropped runner label is an import
// note there too, until the file is edited.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers.js';

const WORKFLOW = `name: e2e import
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo building
      - uses: example/publish-action@v1
  package:
    runs-on: windows-latest
    steps:
      - run: echo packaging
`;

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

suite('ci import', () => {
  let source: vscode.Uri;
  let target: vscode.Uri;

  suiteSetup(async () => {
    await getExtension().activate();
    source = vscode.Uri.joinPath(workspaceRoot(), '.github', 'workflows', 'e2e-import.yml');
    target = vscode.Uri.joinPath(workspaceRoot(), 'e2e-import.ansflow.yaml');
    await vscode.workspace.fs.writeFile(source, Buffer.from(WORKFLOW));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [source, target]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  test('(e2e) ci import: the workflow becomes a pipeline at the root, opened beside it, its placeholder in Problems', async () => {
    // A retry starts as the first attempt did: no pipeline yet (else the command would ask to replace it).
    await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    await vscode.window.showTextDocument(source);
    const result = await vscode.commands.executeCommand<{ target: string; warnings: number } | undefined>('ansflow.importCi', source);
    assert.equal(result?.target, target.toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(text, /^# Imported from e2e-import\.yml \(GitHub Actions\)/);
    assert.match(text, /type: placeholder/);
    const beside = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString()), 'the pipeline open in an editor');
    assert.ok(beside);
    assert.equal(beside.document.languageId, 'ansflow-pipeline');
    const placeholder = await waitFor(() => vscode.languages.getDiagnostics(target).find((d) => codeOf(d) === 'placeholder-step'), 'a placeholder-step diagnostic');
    assert.ok(placeholder);
    assert.equal(placeholder.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(beside.document.getText(placeholder.range), 'publish-action');
    assert.deepEqual(vscode.languages.getDiagnostics(target).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
    const dropped = await waitFor(() => vscode.languages.getDiagnostics(target).find((d) => codeOf(d) === 'import-dropped'), 'the dropped runner label as a diagnostic');
    assert.ok(dropped);
    assert.equal(dropped.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(dropped.message, /windows-latest/);
    assert.equal(beside.document.getText(dropped.range), 'package:');

    // Automation may replace without the confirmation people get.
    await vscode.workspace.fs.writeFile(target, Buffer.from('stale\n'));
    const again = await vscode.commands.executeCommand<{ target: string } | undefined>('ansflow.importCi', source, { overwrite: true });
    assert.equal(again?.target, target.toString());
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)), /^# Imported from/);

    // The notes' lines would drift once the text changes: an edit takes them away (the comments stay).
    const reopened = await vscode.window.showTextDocument(target);
    await waitFor(() => vscode.languages.getDiagnostics(target).find((d) => codeOf(d) === 'import-dropped'), 'the note back after the re-import');
    await reopened.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
    await waitFor(() => !vscode.languages.getDiagnostics(target).some((d) => codeOf(d) === 'import-dropped') || undefined, 'the notes gone after an edit');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
