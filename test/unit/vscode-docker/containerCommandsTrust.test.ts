// (unit) Every Containers command that changes the engine or runs something in a container asks
// ensureTrusted first (src/vscode/run/trust.ts), and only read-only ones skip it. A source scan: the
// handlers need a live extension host to run, and the e2e workspace is trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = readFileSync(join(__dirname, '..', '..', '..', 'src', 'vscode', 'docker', 'containerCommands.ts'), 'utf8');
const READ_ONLY = new Set(['refreshContainers', 'switchDockerContext', 'containerLogs', 'containerLogsWithOptions', 'containerStats', 'dockerInspect', 'dockerCopyId', 'getContainersView']);

/** name → the source of its handler (up to the next registration). */
function handlers(): Map<string, string> {
  const out = new Map<string, string>();
  const re = /ctx\.registerCommand\('([A-Za-z]+)'/g;
  const hits = [...SRC.matchAll(re)];
  hits.forEach((m, i) => out.set(m[1], SRC.slice(m.index, hits[i + 1]?.index ?? SRC.length)));
  return out;
}

test('(unit) containers commands: everything that changes or runs is behind the workspace trust gate', () => {
  const all = handlers();
  assert.ok(all.size >= 20, `found ${all.size} commands`);
  const lifecycleGated = /const lifecycle =[\s\S]*?ensureTrusted\(/.test(SRC);
  const ungated = [...all].filter(([name, body]) => !READ_ONLY.has(name) && !body.includes('ensureTrusted(') && !(lifecycleGated && /lifecycle\(/.test(body))).map(([n]) => n);
  assert.deepEqual(ungated, []);
  for (const name of READ_ONLY) assert.ok(all.has(name), `${name} is registered`);
});
