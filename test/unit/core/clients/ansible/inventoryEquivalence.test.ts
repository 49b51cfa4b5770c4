// The equivalence classes where the native inventory parser used to differ from Ansible (issue 13,
// "The parser under the tree must equal Ansible"): each case is parsed natively and by the real
// `ansible-inventory --list`; the JSON must be equal (key order aside), or both must refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseInventoryFile } from '../../../../../src/core/clients/ansible/inventory/loadInventory.js';
import { stringifyInventoryList } from '../../../../../src/core/clients/ansible/inventory/formatInventory.js';
import { expandHostRange } from '../../../../../src/core/clients/ansible/inventory/hostPattern.js';
import { ansibleInventoryList, canon, needAnsibleInventory, withInventoryFiles } from './ansibleInventoryOracle.js';

/** [name, file extension, text, the line our refusal must name (refusals only)] */
const CASES: Array<[string, string, string, number?]> = [
  ['a letter range with a negative step is empty', '.ini', '[g]\nh[a:c:-1]\nx1\n'],
  ['a numeric range with a negative step from below is empty', '.ini', '[g]\nh[0:4:-1]\n'],
  ['a numeric range counting down', '.ini', '[g]\nh[4:0:-1]\n'],
  ['multi-letter ranges index ascii_letters by substring', '.ini', '[g]\nh[ab:cd]\n'],
  ['upper-case letter ranges take a port', '.ini', '[g]\nweb[A:B]:2222\n'],
  ['a unicode host name takes a port', '.ini', '[g]\nсервер:22\n'],
  ['port 0 sets no port', '.ini', '[g]\nh1:0\n'],
  ['lone carriage returns end lines', '.ini', '[web]\rw1\rw2\r[db]\rd1\r'],
  ['a vertical tab ends a line', '.ini', '[g]\vh1\nh2\n'],
  ['a byte-order mark before [web] is refused', '.ini', '\ufeff[web]\nw1\n', 1],
  ['__proto__, constructor, toString are plain variable names (INI)', '.ini', '[g]\nh1 __proto__=1 constructor=2 toString=3\n[g:vars]\nhasOwnProperty=x\n'],
  ['__proto__ and constructor as group names', '.ini', '[__proto__]\nh1\n[constructor:vars]\na=1\n[constructor]\nh2\n'],
  ['__proto__, toString, valueOf are plain variable names (YAML)', '.yml', 'all:\n  hosts:\n    constructor:\n      __proto__: 1\n      toString: 2\n  vars:\n    valueOf: 3\n'],
  ['a nested group named plugin is a group', '.yml', 'all:\n  children:\n    plugin:\n      hosts:\n        p1:\n'],
  ['an integer YAML host key is refused', '.yml', 'all:\n  hosts:\n    123:\n'],
  ['scalar host variables are refused', '.yml', 'all:\n  hosts:\n    h1: 5\n'],
  ['falsy host variables mean none', '.yml', "all:\n  hosts:\n    h1: 0\n    h2: ''\n"],
  ['a non-mapping child group is refused', '.yml', 'all:\n  children:\n    g: [a]\n'],
  ['a non-mapping child naming a host adds the host', '.yml', 'all:\n  hosts:\n    h1:\n  children:\n    g:\n      children:\n        h1: [x]\n'],
];

/** Cases with vars files next to the inventory: [name, inventory file, { path: text }]. */
const FILE_CASES: Array<[string, string, Record<string, string>]> = [
  ['a host named like a group gives its line variables to the group', 'hosts.ini', { 'hosts.ini': '[web]\nw1\n[db]\nweb x=1\n' }],
  ['a host in [all] named like a group makes the group a child of ungrouped', 'hosts.ini', { 'hosts.ini': '[web]\nw1\n[all]\nweb\n' }],
  ['a JSON vars file is read as JSON first (1e3 a number, NaN a float)', 'hosts.ini', { 'hosts.ini': '[g]\nh1\n', 'group_vars/g.json': '{"a": 1e3, "b": NaN, "c": -Infinity}' }],
  ['a JSON inventory is read as JSON first', 'inv.json', { 'inv.json': '{"all": {"hosts": {"h1": {"a": 1e3}}}}' }],
  ['YAML timestamps become isoformat text', 'hosts.ini', { 'hosts.ini': '[g]\nh1\n', 'group_vars/g.yml': 'd: 2001-12-14 21:59:43.10 -5\ne: 2002-12-14\nf: 2001-12-15T02:59:43.1Z\ng: 2001-12-14 21:59:43\n' }],
  ['.inf and .nan are floats', 'hosts.ini', { 'hosts.ini': '[g]\nh1\n', 'group_vars/g.yml': 'a: .inf\nb: -.inf\nc: .nan\n' }],
  ['a vars file that is just false is ignored', 'hosts.ini', { 'hosts.ini': '[g]\nh1\n', 'group_vars/g.yml': 'false\n' }],
  ['a vars file that is just 0 is ignored', 'hosts.ini', { 'hosts.ini': '[g]\nh1\n', 'group_vars/g.yml': '0\n' }],
  ['host_vars/db/1.yml belongs to host db/1', 'hosts.ini', { 'hosts.ini': '[g]\ndb/1\n', 'host_vars/db/1.yml': 'x: 1\n' }],
];

/** JSON text as Python prints it (bare NaN/Infinity allowed) to comparable data. */
const pyJson = (text: string): unknown => JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m[0] === '"' ? m : `"<${m}>"`)));

for (const [name, main, files] of FILE_CASES) {
  test(`(unit) inventory parser equals ansible-inventory: ${name}`, (t) => {
    if (!needAnsibleInventory(t)) return;
    withInventoryFiles('ansflow-inv-eqf-', files, (dir) => {
      const file = join(dir, main);
      const r = ansibleInventoryList(file);
      assert.equal(r.status, 0, r.stderr);
      const ours = parseInventoryFile(file);
      assert.ok(ours.ok, ours.ok ? '' : ours.error.message);
      // Both printed the way `ansible-inventory --list` prints (the CLI's `ansflow inventory` output).
      assert.equal(canon(pyJson(stringifyInventoryList(ours.value.list))), canon(pyJson(r.stdout)));
    });
  });
}

for (const [name, ext, text, line] of CASES) {
  test(`(unit) inventory parser equals ansible-inventory: ${name}`, (t) => {
    if (!needAnsibleInventory(t)) return;
    withInventoryFiles('ansflow-inv-eq-', { [`inv${ext}`]: text }, (dir) => {
      const file = join(dir, `inv${ext}`);
      const r = ansibleInventoryList(file);
      const ours = parseInventoryFile(file);
      if (r.status !== 0) {
        assert.equal(ours.ok, false, `Ansible refuses it (${r.stderr.trim().split('\n').pop()}), we accepted it`);
        if (!ours.ok && line !== undefined) assert.equal(ours.error.line, line, 'the refusal names the line');
        return;
      }
      assert.ok(ours.ok, ours.ok ? '' : `Ansible accepts it, we refused: ${ours.error.message}`);
      assert.equal(canon(ours.value.list), canon(JSON.parse(r.stdout)));
    });
  });
}

test('(unit) host ranges are bounded: a range of more than a million names is refused, not expanded', () => {
  assert.throws(() => expandHostRange('h[0:99999999999]'), /refused/);
  assert.deepEqual(expandHostRange('h[a:c:-1]'), []);
  assert.equal(expandHostRange('h[0:999999]').length, 1_000_000);
});
