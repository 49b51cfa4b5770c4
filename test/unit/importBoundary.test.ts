// (unit) src/core and src/language are libraries shared with the CLI: they must never import vscode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) yield p;
  }
}

const VSCODE_IMPORT = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)|import\s+['"]vscode['"])/;
const EDITOR_GLUE = /(?:from\s+['"][^'"]*\/(?:vscode|webview)\/[^'"]*['"])/;

for (const root of ['src/core', 'src/language']) {
  test(`(unit) ${root} never imports vscode or editor glue`, () => {
    const offenders: string[] = [];
    for (const file of walk(root)) {
      const text = readFileSync(file, 'utf8');
      if (VSCODE_IMPORT.test(text) || EDITOR_GLUE.test(text)) offenders.push(file);
    }
    assert.deepEqual(offenders, []);
  });
}

test('(unit) the boundary check itself catches an import', () => {
  assert.ok(VSCODE_IMPORT.test(`import * as vscode from 'vscode';`));
  assert.ok(VSCODE_IMPORT.test(`const v = require("vscode")`));
  assert.ok(!VSCODE_IMPORT.test(`import { x } from './vscodeish.js'`));
  assert.ok(EDITOR_GLUE.test(`import { y } from '../../vscode/extension.js'`));
});
