/// <reference types="mocha" />
// The pipeline language service in the real extension host: the unknown-`needs` squiggle and its quick
// fix, completion, hover, lenses, outline, rename and formatting, all through VS Code's own commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers.js';

const PIPELINE = `# e2e: language service
version: 1
name: e2e-language
steps:
  build:
    type: shell
    with:
      run: echo building
    outputs:
      image: the image name
  test:
    type: shell
    needs: [build]
    with:
      run: echo testing
`;

/** A pipeline of `n` shell steps, each needing the one before (the shape of bench/language.bench.ts). */
function generatedPipeline(n: number): string {
  const lines = ['version: 1', 'name: generated', 'steps:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  s${i}:`, `    name: Step ${i}`, '    type: shell');
    if (i > 0) lines.push(`    needs: [s${i - 1}]`);
    lines.push('    with:', '      run: |', `        echo "step ${i}"`, '    outputs:', '      result: the result line', '    env:', `      INDEX: "${i}"`);
  }
  return lines.join('\n') + '\n';
}

function ansflowDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ansflow');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

suite('language service', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    await getExtension().activate();
    uri = vscode.Uri.joinPath(workspaceRoot(), 'e2e-language.ansflow.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(PIPELINE));
    doc = await vscode.workspace.openTextDocument(uri);
    editor = await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'ansflow-pipeline');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  test('(e2e) typing an unknown need shows the squiggle and the quick fix repairs it', async () => {
    await waitFor(() => ansflowDiagnostics(uri).every((d) => codeOf(d) !== 'unknown-need'), 'a clean start');
    const at = doc.getText().indexOf('[build]') + 1;
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 5)), 'biuld'));
    const squiggle = (await waitFor(() => ansflowDiagnostics(uri).find((d) => codeOf(d) === 'unknown-need'), 'the unknown-need diagnostic'))!;
    assert.deepEqual(
      [squiggle.range.start.line, squiggle.range.start.character, squiggle.range.end.character],
      [doc.positionAt(at).line, doc.positionAt(at).character, doc.positionAt(at).character + 5],
    );
    assert.equal(squiggle.severity, vscode.DiagnosticSeverity.Error);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, squiggle.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.includes("'build'"));
    assert.ok(fix?.edit, `a quick fix naming 'build' among ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /needs: \[build\]/);
    await waitFor(() => ansflowDiagnostics(uri).every((d) => codeOf(d) !== 'unknown-need'), 'the squiggle to go away');
  });

  test('(e2e) completion offers step ids in needs, keys in a step, and outputs in expressions', async () => {
    const needsPos = doc.positionAt(doc.getText().indexOf('[build]') + 1);
    const inNeeds = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, needsPos);
    assert.ok(inNeeds.items.some((i) => i.label === 'build'), 'build offered in needs');
    assert.ok(!inNeeds.items.some((i) => i.label === 'test'), 'a step does not need itself');
    // An empty line inside a step: keys from the schema.
    const line = doc.positionAt(doc.getText().indexOf('    needs:')).line;
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), '    \n'));
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, 4));
    // Schema keys come as properties; keys the step already has are not offered again.
    const labels = keys.items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const key of ['if', 'env', 'timeout']) assert.ok(labels.includes(key), `step key '${key}' offered: ${labels.join(', ')}`);
    for (const key of ['type', 'needs', 'with']) assert.ok(!labels.includes(key), `'${key}' is already in the step, not offered: ${labels.join(', ')}`);
    await editor.edit((e) => e.delete(new vscode.Range(line, 0, line + 1, 0)));
    const exprAt = doc.getText().indexOf('echo testing') + 'echo testing'.length;
    await editor.edit((e) => e.insert(doc.positionAt(exprAt), ' ${{ steps.build.outputs.'));
    const end = doc.positionAt(exprAt + ' ${{ steps.build.outputs.'.length);
    const outputs = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, end);
    assert.ok(outputs.items.some((i) => i.label === 'image'), 'the declared output is offered');
    await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(exprAt), end)));
  });

  test('(e2e) hover on a step id shows its type and needs; lenses and outline are there', async () => {
    const pos = doc.positionAt(doc.getText().indexOf('  test:') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /`test`/);
    assert.match(text, /needs: `build`/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('▶ Run pipeline') && titles.includes('◆ Plan'));
    const stepLens = lenses.find((l) => l.command?.command === 'ansflow.runStep');
    assert.deepEqual(stepLens?.command?.arguments?.map(String), [uri.toString(), 'build']);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    const steps = symbols.find((s) => s.name === 'steps');
    assert.deepEqual(steps?.children.map((c) => c.name), ['build', 'test']);
  });

  test('(e2e) rename of a step id updates needs; formatting keeps comments', async () => {
    const pos = doc.positionAt(doc.getText().indexOf('  build:') + 3);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, pos, 'compile');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(doc.getText(), /\n {2}compile:\n/);
    assert.match(doc.getText(), /needs: \[compile\]/);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), doc.getText().replace('name: e2e-language', 'name:    e2e-language   # kept')));
    const fmt = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.ok(fmt && fmt.length > 0, 'formatting edits');
    const we = new vscode.WorkspaceEdit();
    we.set(uri, fmt);
    assert.ok(await vscode.workspace.applyEdit(we));
    assert.match(doc.getText(), /^# e2e: language service\n/);
    assert.match(doc.getText(), /name: e2e-language # kept/);
  });

  test('(e2e) a missing script file gets a file-not-found warning and a Create quick fix', async () => {
    const end = doc.positionAt(doc.getText().length);
    await editor.edit((e) => e.insert(end, '  lint:\n    type: python\n    with:\n      file: tools/e2e-missing.py\n'));
    const warning = (await waitFor(() => ansflowDiagnostics(uri).find((d) => codeOf(d) === 'file-not-found'), 'the file-not-found warning'))!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(warning.range), 'tools/e2e-missing.py');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    assert.ok(links.some((l) => l.target?.fsPath.endsWith('tools/e2e-missing.py')), 'the path is a document link');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const create = actions.find((a) => a.title.startsWith('Create '));
    assert.ok(create?.edit, `a Create quick fix among ${actions.map((a) => a.title).join(' | ')}`);
    const target = vscode.Uri.joinPath(workspaceRoot(), 'tools', 'e2e-missing.py');
    try {
      assert.ok(await vscode.workspace.applyEdit(create.edit));
      await vscode.workspace.fs.stat(target);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'tools'), { recursive: true }).then(undefined, () => undefined);
      const start = doc.getText().indexOf('  lint:\n');
      await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(doc.getText().length))));
    }
  });

  test('(e2e) a pipeline file written on disk, never opened, gets diagnostics; deleting it clears them', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), 'e2e-closed-broken.ansflow.yaml');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(PIPELINE.replace('needs: [build]', 'needs: [nope]')));
    try {
      const found = await waitFor(() => ansflowDiagnostics(file).find((d) => codeOf(d) === 'unknown-need'), 'diagnostics for an unopened file');
      assert.equal(found?.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === file.toString()), 'the file was never opened');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor(() => ansflowDiagnostics(file).length === 0, 'diagnostics to clear after the delete');
  });

  test('(e2e) keystroke → diagnostics on a 2,000-step pipeline, analysed in the language worker (figure reported, not asserted)', async () => {
    const worker = vscode.Uri.joinPath(vscode.Uri.file(getExtension().extensionPath), 'dist', 'languageWorker.js');
    await vscode.workspace.fs.stat(worker);
    const big = vscode.Uri.joinPath(workspaceRoot(), 'e2e-2000-steps.ansflow.yaml');
    await vscode.workspace.fs.writeFile(big, new TextEncoder().encode(generatedPipeline(2000)));
    const bigDoc = await vscode.workspace.openTextDocument(big);
    const bigEditor = await vscode.window.showTextDocument(bigDoc);
    try {
      await waitFor(() => vscode.languages.getDiagnostics(big).length === 0 && bigDoc.version === 1, 'the first analysis', 60_000);
      const needAt = bigDoc.getText().indexOf('needs: [s999') + 'needs: [s'.length;
      const samples: number[] = [];
      for (let k = 0; k < 12; k++) {
        // Odd keystrokes break a need (one diagnostic), even ones repair it (none): each has a visible result.
        const breaking = k % 2 === 0;
        const published = new Promise<number>((resolve) => {
          const sub = vscode.languages.onDidChangeDiagnostics((e) => {
            if (!e.uris.some((u) => u.toString() === big.toString())) return;
            const unknown = ansflowDiagnostics(big).some((d) => codeOf(d) === 'unknown-need');
            if (unknown === breaking) {
              sub.dispose();
              resolve(performance.now());
            }
          });
        });
        const t0 = performance.now();
        await bigEditor.edit((e) => (breaking ? e.insert(bigDoc.positionAt(needAt), 'x') : e.delete(new vscode.Range(bigDoc.positionAt(needAt), bigDoc.positionAt(needAt + 1)))));
        samples.push((await published) - t0);
      }
      const sorted = samples.slice(2).sort((a, b) => a - b);
      const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
      console.log(`[e2e] keystroke → diagnostics, 2,000-step pipeline (${bigDoc.lineCount} lines), language worker: p50 ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms over ${sorted.length} keystrokes`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(big).then(undefined, () => undefined);
      await vscode.window.showTextDocument(doc);
    }
  });

  test('(e2e) New Pipeline creates a file from a gallery template; Validate Pipeline counts its problems', async () => {
    const target = vscode.Uri.joinPath(workspaceRoot(), 'e2e-from-template.ansflow.yaml');
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri>('ansflow.newPipeline', 'web-app.ansflow.yaml', target);
      assert.equal(created?.toString(), target.toString());
      const opened = vscode.window.activeTextEditor?.document;
      assert.equal(opened?.uri.toString(), target.toString());
      assert.equal(opened?.languageId, 'ansflow-pipeline');
      assert.match(opened.getText(), /steps:/);
      const pending = vscode.commands.executeCommand<number>('ansflow.validatePipeline', target);
      const early = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
      if (early === undefined) await vscode.commands.executeCommand('notifications.clearAll');
      assert.equal(await pending, 0, 'the template is a valid pipeline');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
      await vscode.window.showTextDocument(doc);
    }
  });
});
