import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePythonLiteral } from '../../../../../src/core/clients/ansible/inventory/pythonLiteral.js';
import { PyNumber } from '../../../../../src/core/clients/ansible/inventory/pyNumber.js';
import { shlexSplit } from '../../../../../src/core/util/shlexSplit.js';
import { expandHostPattern, expandHostRange } from '../../../../../src/core/clients/ansible/inventory/hostPattern.js';

test('(unit) parsePythonLiteral coerces like ast.literal_eval', () => {
  const cases: Array<[string, unknown]> = [
    ['1', 1], ['-5', -5], ['1_000', 1000], ['0x1F', 31], ['0o17', 15], ['0b101', 5], ['1.5', 1.5], ['1e3', PyNumber.float(1000)], ['.5', 0.5],
    ['08', '08'], ['0777', '0777'], ['True', true], ['true', 'true'], ['None', null], ['yes', 'yes'],
    ["'x'", 'x'], ['"a\\tb"', 'a\tb'], ["'a' 'b'", 'ab'], ["r'a\\n'", 'a\\n'], ['[1, None]', [1, null]], ['(1,2)', [1, 2]], ['(1)', 1],
    ['()', []], ["{'a': [1, {'b': True}]}", { a: [1, { b: true }] }], ['{1: 2}', { '1': 2 }], ['1 # c', 1], ['10.0.0.1', '10.0.0.1'],
    ['hello world', 'hello world'], ['--1', '--1'], ['1j', '1j'], ['', ''], ['{a:1}', '{a:1}'], ['[1,', '[1,'],
  ];
  for (const [input, expected] of cases) assert.deepStrictEqual(parsePythonLiteral(input), expected, input);
});

test('(unit) shlexSplit follows posix shlex with comments', () => {
  assert.deepStrictEqual(shlexSplit(`h1 a="x y" b='q' c=1#tail d=2`, { comments: true }), ['h1', 'a=x y', 'b=q', 'c=1']);
  assert.deepStrictEqual(shlexSplit(`h "a\\"b" "c\\d" e\\ f`), ['h', 'a"b', 'c\\d', 'e f']);
  assert.throws(() => shlexSplit(`h a="x`));
});

test('(unit) host patterns expand ranges and split ports like Ansible', () => {
  assert.deepStrictEqual(expandHostRange('web[01:03]'), ['web01', 'web02', 'web03']);
  assert.deepStrictEqual(expandHostRange('db-[a:c]'), ['db-a', 'db-b', 'db-c']);
  assert.deepStrictEqual(expandHostRange('h[0:10:5]'), ['h0', 'h5', 'h10']);
  assert.deepStrictEqual(expandHostRange('r[1:2]-[a:b]'), ['r1-a', 'r1-b', 'r2-a', 'r2-b']);
  assert.throws(() => expandHostRange('w[01:5]'), /equal-length/);
  assert.deepStrictEqual(expandHostPattern('web-x.example.com:8022'), { hosts: ['web-x.example.com'], port: 8022 });
  assert.deepStrictEqual(expandHostPattern('[2001:db8::1]:2222'), { hosts: ['2001:db8::1'], port: 2222 });
  assert.deepStrictEqual(expandHostPattern('fe80::1'), { hosts: ['fe80::1'] });
  assert.deepStrictEqual(expandHostPattern('10.0.[1:2].1:22'), { hosts: ['10.0.1.1', '10.0.2.1'], port: 22 });
});
