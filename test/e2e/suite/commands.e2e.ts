/// <reference types="mocha" />
// Announced means working, in a real extension host: after activation VS Code knows every command the
// manifest contributes, and every `command:` link in a view's welcome text. The unit twin is
// test/unit/packaging/commands.test.ts (it reads the sources; this one asks VS Code).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension } from './helpers.js';

interface Manifest {
  contributes: { commands: Array<{ command: string }>; viewsWelcome: Array<{ view: string; contents: string }> };
}

suite('commands', () => {
  test('(e2e) every contributed command is registered after activation', async () => {
    const ext = getExtension();
    await ext.activate();
    const pkg = ext.packageJSON as Manifest;
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes commands');
    const known = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !known.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('(e2e) every command linked from a welcome text is registered after activation', async () => {
    const ext = getExtension();
    await ext.activate();
    const pkg = ext.packageJSON as Manifest;
    const known = new Set(await vscode.commands.getCommands(true));
    for (const w of pkg.contributes.viewsWelcome) {
      const linked = [...w.contents.matchAll(/command:([\w.]+)/g)].map((m) => m[1]);
      const missing = linked.filter((id) => !known.has(id));
      assert.deepEqual(missing, [], `${w.view}'s welcome links unregistered commands: ${missing.join(', ')}`);
    }
  });
});
