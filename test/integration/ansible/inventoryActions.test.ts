// The Inventories view's actions through their core functions, on the real ansible-core with the
// local connection: ping a group and a host, an ad-hoc module with arguments (and check mode), and a
// playbook limited to one node through the runner's `ansible.playbook` step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { formatAdhocResult, nodePlaybookPipeline, runNodeAdhoc } from '../../../src/core/views/inventories/inventoryActions.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';

const FIX = join(__dirname, 'fixtures', 'inventory-actions');
const INVENTORY = join(FIX, 'hosts.ini');

test('(integration) inventories: ping a group and a host with ansible -m ping', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const group = await runNodeAdhoc({ inventory: INVENTORY, pattern: 'web', connection: 'local' });
  const g = formatAdhocResult(group);
  assert.equal(g.ok, true, g.lines.join('\n'));
  assert.deepEqual(g.lines, ['web1 | SUCCESS => pong', 'web2 | SUCCESS => pong']);
  assert.equal(g.summary, '2 hosts: 2 ok');
  const host = formatAdhocResult(await runNodeAdhoc({ inventory: INVENTORY, pattern: 'db1' }));
  assert.deepEqual(host.lines, ['db1 | SUCCESS => pong']);
  const none = formatAdhocResult(await runNodeAdhoc({ inventory: INVENTORY, pattern: 'nosuch' }));
  assert.equal(none.ok, false);
  assert.match(none.summary, /^no host matched/);
});

test('(integration) inventories: an ad-hoc module with arguments, and check mode changing nothing', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-inv-adhoc-'));
  try {
    const echo = formatAdhocResult(await runNodeAdhoc({ inventory: INVENTORY, pattern: 'web:!web2', module: 'command', moduleArgs: 'echo hello-from-adhoc' }));
    assert.deepEqual(echo.lines, ['web1 | CHANGED => hello-from-adhoc']);
    const target = join(dir, 'made.txt');
    const args = `path=${target} state=touch`;
    const checked = formatAdhocResult(await runNodeAdhoc({ inventory: INVENTORY, pattern: 'db1', module: 'file', moduleArgs: args, check: true }));
    assert.equal(checked.ok, true, checked.lines.join('\n'));
    assert.equal(existsSync(target), false, 'check mode must not touch the file');
    const real = formatAdhocResult(await runNodeAdhoc({ inventory: INVENTORY, pattern: 'db1', module: 'file', moduleArgs: args }));
    assert.deepEqual(real.lines.map((l) => l.split(' => ')[0]), ['db1 | CHANGED']);
    assert.equal(existsSync(target), true);
    const failed = formatAdhocResult(await runNodeAdhoc({ inventory: INVENTORY, pattern: 'web1', module: 'command', moduleArgs: 'false' }));
    assert.equal(failed.ok, false);
    assert.match(failed.lines[0], /^web1 \| FAILED!/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(integration) inventories: a playbook limited to a node runs through the ansible.playbook step', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-inv-play-'));
  try {
    const playbook = join(ws, 'touch.yml');
    writeFileSync(playbook, readFileSync(join(FIX, 'touch.yml'), 'utf8').replace('{{ out_dir }}', ws));
    const text = nodePlaybookPipeline({ playbook, inventory: INVENTORY, limit: 'web:!web1' });
    const parsed = parsePipeline(text, { file: join(ws, 'node.ansflow.yaml') });
    assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
    const progress: string[] = [];
    const handle = runPipeline(parsed, { workspace: ws, logBatchMs: 5 });
    handle.onEvent((e) => {
      if (e.type === 'step-progress') progress.push(e.message);
    });
    const summary = await handle.done;
    assert.equal(summary.status, 'success');
    assert.equal(readFileSync(join(ws, 'web2.txt'), 'utf8'), 'two\n');
    assert.equal(existsSync(join(ws, 'web1.txt')), false, 'the limit keeps web1 out');
    assert.ok(progress.some((m) => /web2/.test(m)), `per-task events stream: ${progress.join(' | ')}`);

    const check = nodePlaybookPipeline({ playbook, inventory: INVENTORY, limit: 'db1', check: true });
    const s2 = await runPipeline(parsePipeline(check, { file: join(ws, 'check.ansflow.yaml') }), { workspace: ws, logBatchMs: 5 }).done;
    assert.equal(s2.status, 'success');
    assert.equal(existsSync(join(ws, 'db1.txt')), false, 'check mode writes nothing');
    assert.throws(() => nodePlaybookPipeline({ playbook, inventory: INVENTORY, limit: '${{ secrets.x }}' }), /cannot contain/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
