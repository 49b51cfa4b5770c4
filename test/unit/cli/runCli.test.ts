import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

test('(unit) ansflow --help lists commands and exits 0', async () => {
  const io = memoryIO();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out(), /Usage: ansflow <command>/);
  assert.match(io.out(), /version/);
});

test('(unit) an unknown command exits 2 with a message', async () => {
  const io = memoryIO();
  assert.equal(await runCli(['frobnicate'], io), 2);
  assert.match(io.err(), /unknown command 'frobnicate'/);
});
