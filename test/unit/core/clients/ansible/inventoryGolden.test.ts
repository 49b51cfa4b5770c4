// Golden comparison: every fixture inventory is parsed natively and by the real `ansible-inventory`,
// and the two `--list` documents (and `--graph` texts) must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseInventoryFile } from '../../../../../src/core/clients/ansible/inventory/loadInventory.js';
import { isCI } from '../../../../ciMode.mjs';

const FIXTURES = join(__dirname, 'fixtures', 'inventories');
const CASES = ['basic/hosts.ini', 'edge/hosts', 'pending/hosts.ini', 'yaml/inventory.yml', 'noext/inventory', 'tricky/hosts', 'tricky-yaml/inv.yaml'];
const haveAnsible = spawnSync('ansible-inventory', ['--version'], { encoding: 'utf8' }).status === 0;

for (const name of CASES) {
  test(`(unit) inventory ${name} equals ansible-inventory --list and --graph`, (t) => {
    if (!haveAnsible) {
      if (isCI()) assert.fail(`ansible-inventory is not installed (CI=${process.env.CI})`);
      t.skip('ansible-inventory not installed: install ansible-core to run the golden comparison');
      return;
    }
    const file = join(FIXTURES, name);
    const env = { ...process.env, ANSIBLE_NOCOLOR: '1' };
    const expected = JSON.parse(execFileSync('ansible-inventory', ['-i', file, '--list'], { encoding: 'utf8', env }));
    const expectedGraph = execFileSync('ansible-inventory', ['-i', file, '--graph'], { encoding: 'utf8', env }).trimEnd();
    const r = parseInventoryFile(file);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r.value.list)), expected);
    assert.equal(r.value.graph, expectedGraph);
  });
}

test('(unit) inventory parse errors carry the line like Ansible', () => {
  const r = parseInventoryFile(join(FIXTURES, 'x.ini'), '[web]\nh1\n[web:kids]\n');
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.line, 3);
  const r2 = parseInventoryFile(join(FIXTURES, 'y.ini'), '[p:children]\nmissing\n');
  assert.equal(r2.ok, false);
  if (!r2.ok) assert.equal(r2.error.line, 2);
});

test('(unit) inventory scripts and plugin configs fall back to ansible-inventory with the same shape', async (t) => {
  if (!haveAnsible) {
    if (isCI()) assert.fail(`ansible-inventory is not installed (CI=${process.env.CI})`);
    t.skip('ansible-inventory not installed');
    return;
  }
  const { mkdtempSync, writeFileSync, chmodSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { loadInventory } = await import('../../../../../src/core/clients/ansible/inventory/loadInventory.js');
  const { runToolCommand } = await import('../../../../../src/core/clients/ansible/runToolCommand.js');
  const d = mkdtempSync(join(tmpdir(), 'ansflow-inv-script-'));
  try {
    const script = join(d, 'inv.py');
    writeFileSync(script, '#!/usr/bin/env python3\nimport json\nprint(json.dumps({"web": {"hosts": ["w1"], "vars": {"x": 1}}, "_meta": {"hostvars": {"w1": {"y": 2}}}}))\n');
    chmodSync(script, 0o755);
    const r = await loadInventory(script, { run: (cmd) => runToolCommand(cmd) });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.via, 'ansible-inventory');
    assert.deepEqual(r.value.list._meta.hostvars.w1, { x: 1, y: 2 });
    assert.match(r.value.graph, /@web:\n {2}\| {2}\|--w1/);
    const noRun = await loadInventory(script);
    assert.ok(!noRun.ok && noRun.error instanceof Error && /ansible-inventory/.test(noRun.error.message));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
