// Floats and integers beyond 2^53 keep Python's value and form (issue 13): `ansflow inventory` prints the
// same text as `ansible-inventory --list` for INI literals, YAML scalars and JSON files (group_vars too),
// and the Inventories tree shows a value as `ansible-inventory --host` prints it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseInventoryFile } from '../../../../../src/core/clients/ansible/inventory/loadInventory.js';
import { stringifyInventoryList } from '../../../../../src/core/clients/ansible/inventory/formatInventory.js';
import { parsePythonLiteral } from '../../../../../src/core/clients/ansible/inventory/pythonLiteral.js';
import { PyNumber, pyFloatRepr } from '../../../../../src/core/clients/ansible/inventory/pyNumber.js';
import { formatVarValue } from '../../../../../src/core/views/inventories/formatVarValue.js';
import { ansibleInventoryList, needAnsibleInventory, withInventoryFiles } from './ansibleInventoryOracle.js';

const BIG = '123456789012345678901234567890';
const INI_VALUES = ['1.0', '1e16', '1e-07', '1e-5', '-0.0', '100.', '2.5e-5', '1.5', '9007199254740993', `-${BIG}`, '0x1FFFFFFFFFFFFFFFF', `'[1.0, ${BIG}, {"k": 1e300}]'`, "'{1.0: 2}'", '12', '-7'];

/** [name, main file, files] — each compared as text with ansible-inventory --list. */
const CASES: Array<[string, string, Record<string, string>]> = [
  ['INI Python literals', 'hosts.ini', { 'hosts.ini': `[g]\n${INI_VALUES.map((v, i) => `h${i} v=${v}`).join('\n')}\n[g:vars]\nf=3.0\n` }],
  [
    'YAML scalars',
    'hosts.yml',
    {
      'hosts.yml': `all:\n  hosts:\n    h1:\n      a: 1.0\n      b: 1e+16\n      c: 9007199254740993\n      d: 0x1FFFFFFFFFFFFFFFF\n      e: [1.0, 2.50, -0.0, .5]\n      f: 0.00001\n      g: 1_000.0\n      h: ${BIG}\n      i: 190:20:30.15\n`,
    },
  ],
  [
    'JSON and YAML vars files',
    'hosts.ini',
    {
      'hosts.ini': '[g]\nh1\nh2\n',
      'group_vars/g.json': `{"a": 1.0, "b": 1e16, "c": ${BIG}, "d": [1E-7, -0.0, 12], "e": 1.5}`,
      'host_vars/h2.yml': 'a: 2.0\nbig: 18446744073709551616\n',
    },
  ],
];

for (const [name, main, files] of CASES) {
  test(`(unit) inventory numbers print like ansible-inventory --list: ${name}`, (t) => {
    if (!needAnsibleInventory(t)) return;
    withInventoryFiles('ansflow-inv-num-', files, (dir) => {
      const file = join(dir, main);
      const r = ansibleInventoryList(file);
      assert.equal(r.status, 0, r.stderr);
      const ours = parseInventoryFile(file);
      assert.ok(ours.ok, ours.ok ? '' : ours.error.message);
      assert.equal(stringifyInventoryList(ours.value.list), r.stdout.trimEnd());
    });
  });
}

test('(unit) Python float repr: shortest digits, exponent below 1e-4 and from 1e16, .0 on whole numbers', () => {
  const cases: Array<[number, string]> = [
    [1, '1.0'],
    [1e16, '1e+16'],
    [1e-7, '1e-07'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [-0, '-0.0'],
    [1234567890123456.8, '1234567890123456.8'],
    [12345678901234568, '1.2345678901234568e+16'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.1, '0.1'],
  ];
  for (const [x, text] of cases) assert.equal(pyFloatRepr(x), text, String(x));
  // Only where Python and JavaScript print differently does a value become a PyNumber.
  assert.equal(PyNumber.float(1.5), 1.5);
  assert.equal(PyNumber.int(9007199254740991n), 9007199254740991);
  assert.equal(String(PyNumber.int(9007199254740993n)), '9007199254740993');
  assert.equal(String(parsePythonLiteral('-9007199254740993')), '-9007199254740993');
  assert.equal(Number(parsePythonLiteral('1.0')), 1);
});

test('(unit) the Inventories tree shows numbers as ansible-inventory --host prints them', () => {
  assert.equal(formatVarValue(parsePythonLiteral('1.0')).full, '1.0');
  assert.equal(formatVarValue(parsePythonLiteral(BIG)).full, BIG);
  assert.equal(formatVarValue(parsePythonLiteral(`[1e16, {"k": 1e-07, "n": ${BIG}}, "1.0", 2]`)).full, `[1e+16,{"k":1e-07,"n":${BIG}},"1.0",2]`);
  assert.equal(formatVarValue(parsePythonLiteral('1.5')).full, '1.5');
});
