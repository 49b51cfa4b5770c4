import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventoryCommand } from '../../../src/cli/commands/inventory.js';
import { memoryIO } from '../helpers/memoryIO.js';

const FIX = join(__dirname, '..', 'core', 'clients', 'ansible', 'fixtures', 'inventories');

test('(unit) ansflow inventory prints --list JSON and --graph text', async () => {
  const io = memoryIO(FIX);
  assert.equal(await inventoryCommand.run(['basic/hosts.ini'], io), 0);
  const list = JSON.parse(io.out());
  assert.deepEqual(list.all.children, ['ungrouped', 'prod', 'empty', 'nochild']);
  assert.equal(list._meta.hostvars.web01.hv, 'hello');
  const g = memoryIO(FIX);
  assert.equal(await inventoryCommand.run(['yaml/inventory.yml', '--format', 'graph'], g), 0);
  assert.match(g.out(), /^@all:\n {2}\|--@ungrouped:\n/);
});

test('(unit) ansflow inventory reports parse errors with file:line and usage errors with 2', async () => {
  const d = mkdtempSync(join(tmpdir(), 'ansflow-inv-'));
  try {
    writeFileSync(join(d, 'bad.ini'), '[web]\nh1\n[web:kids]\n');
    const io = memoryIO(d);
    assert.equal(await inventoryCommand.run(['bad.ini'], io), 1);
    assert.match(io.err(), /^ansflow: error: \S*bad\.ini:3: Section \[web:kids\] has unknown type: kids\n/);
    assert.equal(await inventoryCommand.run([], memoryIO(d)), 2);
    assert.equal(await inventoryCommand.run(['x', '--format', 'yaml'], memoryIO(d)), 2);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
