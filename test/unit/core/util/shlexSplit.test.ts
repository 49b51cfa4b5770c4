import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shlexSplit } from '../../../../src/core/util/shlexSplit.js';
import { parseIniInventory } from '../../../../src/core/clients/ansible/inventory/parseIniInventory.js';

test('(unit) shlexSplit keeps `#` by default and treats it as a comment only when asked', () => {
  assert.deepEqual(shlexSplit('echo a#b'), ['echo', 'a#b']);
  assert.deepEqual(shlexSplit('echo # c'), ['echo', '#', 'c']);
  assert.deepEqual(shlexSplit('echo a#b', { comments: true }), ['echo', 'a']);
  assert.deepEqual(shlexSplit('echo "a#b" # c', { comments: true }), ['echo', 'a#b']);
});

test('(unit) INI inventory host lines still drop trailing comments', () => {
  const inv = parseIniInventory('[web]\nw1 ansible_port=2222 tier=front#note  # the first web host\n');
  const w1 = inv.hosts.get('w1');
  assert.ok(w1);
  assert.equal(w1.vars.tier, 'front');
  assert.equal(w1.vars['#'], undefined);
});
