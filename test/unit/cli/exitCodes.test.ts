// Usage mistakes are usage errors: exit 2, a one-line message, and no run recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { inventoryCommand } from '../../../src/cli/commands/inventory.js';
import { memoryIO } from '../helpers/memoryIO.js';

const PIPELINE = `version: 1
name: gates
params:
  env:
    type: string
    required: true
  count:
    type: number
    default: 1
steps:
  build:
    type: shell
    with:
      run: echo building
  approve-prod:
    type: approval
    needs: [build]
    with:
      message: ship it?
  deploy:
    needs: [approve-prod]
    approval:
      message: really?
    type: shell
    with:
      run: echo deploying
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-exit-'));
  writeFileSync(join(dir, 'p.ansflow.yaml'), PIPELINE);
  const runs = () => (existsSync(join(dir, 'store')) ? readdirSync(join(dir, 'store')).filter((n) => !n.startsWith('.')) : []);
  return { dir, runs };
}

test('(unit) exit codes: a missing required param is a usage error (exit 2) and no run is recorded', async () => {
  const { dir, runs } = setup();
  const io = memoryIO(dir);
  assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store', '--approve-all'], io), 2, io.err() + io.out());
  assert.match(io.err(), /parameter 'env' is required/);
  assert.doesNotMatch(io.out(), /building/);
  assert.deepEqual(runs(), []);
  // A value of the wrong type is the same kind of mistake.
  const bad = memoryIO(dir);
  assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store', '--param', 'env=x', '--param', 'count=many', '--approve-all'], bad), 2);
  assert.match(bad.err(), /parameter 'count' must be a number/);
  assert.deepEqual(runs(), []);
  // With the param the run goes ahead and is recorded.
  const good = memoryIO(dir);
  assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store', '--param', 'env=x', '--approve-all'], good), 0, good.err());
  assert.equal(runs().length > 0, true);
});

test('(unit) exit codes: --approve with a step that is not an approval step is an error listing the approval steps', async () => {
  const { dir, runs } = setup();
  const io = memoryIO(dir);
  assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store', '--param', 'env=x', '--approve', 'nosuch'], io), 2);
  assert.match(io.err(), /--approve 'nosuch'/);
  assert.match(io.err(), /approve-prod, deploy/);
  assert.deepEqual(runs(), []);
  const ok = memoryIO(dir);
  assert.equal(await runCli(['run', 'p.ansflow.yaml', '--store', 'store', '--param', 'env=x', '--approve', 'approve-prod', '--approve', 'deploy'], ok), 0, ok.err());
  // A pipeline without approval steps says so.
  writeFileSync(join(dir, 'plain.ansflow.yaml'), 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo a\n');
  const none = memoryIO(dir);
  assert.equal(await runCli(['run', 'plain.ansflow.yaml', '--store', 'store', '--approve', 'a'], none), 2);
  assert.match(none.err(), /has no approval steps/);
});

test('(unit) exit codes: ansflow inventory --help lists exactly the options the command accepts', async () => {
  const io = memoryIO();
  assert.equal(await runCli(['inventory', '--help'], io), 0);
  const help = io.out();
  const named = [...new Set(help.match(/(?<![\w-])--?[a-z][\w-]*/g) ?? [])];
  assert.ok(named.includes('--format') && named.includes('--native-only'), help);
  const d = mkdtempSync(join(tmpdir(), 'ansflow-inv-'));
  writeFileSync(join(d, 'hosts.ini'), '[web]\nh1\n');
  for (const opt of named) {
    const args = opt === '--format' || opt === '-f' ? [opt, 'graph'] : [opt];
    const r = memoryIO(d);
    const code = await runCli(['inventory', 'hosts.ini', '--native-only', ...args], r);
    assert.equal(code, 0, `the help names ${opt}, but the command refuses it: ${r.err()}`);
  }
  // And both output shapes it names are reachable the way ansible-inventory spells them.
  const graph = memoryIO(d);
  assert.equal(await inventoryCommand.run(['hosts.ini', '--native-only', '--graph'], graph), 0, graph.err());
  assert.match(graph.out(), /^@all:/);
  const list = memoryIO(d);
  assert.equal(await inventoryCommand.run(['hosts.ini', '--native-only', '--list'], list), 0, list.err());
  assert.ok(JSON.parse(list.out()).all);
});
