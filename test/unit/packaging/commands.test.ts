// (unit) Announced means working: every command the manifest names — contributed, in a menu, a keybinding
// or a `command:` link in a welcome text — is registered by the extension's sources, and the central
// command list (src/vscode/commands.ts) holds no id that nothing registers.
// The e2e twin (test/e2e/suite/commands.e2e.ts) checks the same against a real activated extension host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, commandId, type CommandName } from '../../../src/vscode/commands.js';
import { ROOT, pkg, tsFiles } from './manifest.js';

/** Ids registered through `ctx.registerCommand('<name>', …)` anywhere under src/vscode/. */
function registeredIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of tsFiles(join(ROOT, 'src', 'vscode'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\.registerCommand\(\s*'([A-Za-z]+)'/g)) {
      const name = m[1] as CommandName;
      assert.ok(name in Commands, `${file}: registers '${name}', which is missing from commands.ts`);
      ids.add(commandId(name));
    }
  }
  return ids;
}

/** Every `"command": "ansflow.…"` value and `command:ansflow.…` link in a manifest subtree. */
function referencedIds(node: unknown, out = new Set<string>()): Set<string> {
  if (typeof node === 'string') {
    for (const m of node.matchAll(/command:(ansflow\.[A-Za-z]+)/g)) out.add(m[1]);
  } else if (Array.isArray(node)) {
    for (const child of node) referencedIds(child, out);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'command' && typeof value === 'string' && value.startsWith('ansflow.')) out.add(value);
      referencedIds(value, out);
    }
  }
  return out;
}

const registered = registeredIds();

test('(unit) the sources register commands (the scan finds the registerCommand calls)', () => {
  // Guards the scan itself: a changed registration style must not make every check below vacuous.
  assert.ok(registered.size >= 20, `found only ${registered.size} registered commands`);
  assert.ok(registered.has('ansflow.runPipeline') && registered.has('ansflow.showInfo'));
});

test('(unit) every command contributed in package.json is registered in src/vscode/', () => {
  const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  const missing = contributed.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `contributed but never registered: ${missing.join(', ')}`);
});

test('(unit) every command named in menus, keybindings, viewsWelcome links or elsewhere in the manifest is registered', () => {
  const missing = [...referencedIds(pkg.contributes)].filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `the manifest points at unregistered commands: ${missing.join(', ')}`);
});

test('(unit) commands.ts lists only commands that something registers', () => {
  const unregistered = (Object.keys(Commands) as CommandName[]).map(commandId).filter((id) => !registered.has(id));
  assert.deepEqual(unregistered, [], `listed in commands.ts but never registered: ${unregistered.join(', ')}`);
});

test('(unit) every view has a welcome text that offers only registered commands', () => {
  const views: string[] = pkg.contributes.views.ansflow.map((v: { id: string }) => v.id);
  for (const id of views) {
    const welcome = pkg.contributes.viewsWelcome.filter((w: { view: string }) => w.view === id);
    assert.ok(welcome.length > 0, `${id} has no welcome text`);
    for (const w of welcome) {
      const missing = [...referencedIds(w.contents)].filter((c) => !registered.has(c));
      assert.deepEqual(missing, [], `${id}'s welcome text links unregistered commands: ${missing.join(', ')}`);
    }
  }
});
