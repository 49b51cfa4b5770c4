import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { getAdhocArgsText, isFreeFormModule } from '../../../../../src/core/clients/ansible/adhocArgs.js';
import { UnsafeText, getUnsafeVarsYaml, withUnsafeVarsFile } from '../../../../../src/core/clients/ansible/unsafeVarsFile.js';
import { adhocArgsWithValues, unsafeExtraVars } from '../../../../../src/core/runner/steps/ansible/ansibleValues.js';
import { ansiblePlaybookStep } from '../../../../../src/core/runner/steps/ansible/ansiblePlaybookStep.js';

const evaluate = (s: string): unknown => ({ ' v ': "{{ lookup('pipe','id') }}\nx", ' n ': 3, ' list ': ['a', 2] })[s];

test('(unit) ansible extra vars: values from expressions are tagged !unsafe in a 0600 file; literal Jinja is left to Ansible', async () => {
  const vars = unsafeExtraVars({ a: '${{ v }}', b: 'pre ${{ n }}', c: '${{ n }}', d: '${{ list }}', lit: "{{ 'x' | upper }}", deep: { e: '${{ v }}' } }, evaluate);
  assert.equal(
    getUnsafeVarsYaml(vars),
    'a: !unsafe "{{ lookup(\'pipe\',\'id\') }}\\nx"\nb: !unsafe "pre 3"\nc: 3\nd:\n  - !unsafe "a"\n  - 2\nlit: "{{ \'x\' | upper }}"\ndeep:\n  e: !unsafe "{{ lookup(\'pipe\',\'id\') }}\\nx"\n',
  );
  const mode = await withUnsafeVarsFile({ a: new UnsafeText('x') }, async (f) => statSync(f).mode & 0o777);
  assert.equal(mode, 0o600);
});

test('(unit) ansible.adhoc args: values become references to extra vars, shell-quoted in free-form modules', () => {
  assert.ok(isFreeFormModule('ansible.builtin.shell') && isFreeFormModule('command') && !isFreeFormModule('debug'));
  const kv = adhocArgsWithValues('msg=${{ v }} other=1', 'debug', evaluate);
  assert.equal(kv.text, 'msg={{ __ansflow_value_0 }} other=1');
  assert.deepEqual(kv.vars, { __ansflow_value_0: new UnsafeText("{{ lookup('pipe','id') }}\nx") });
  assert.equal(adhocArgsWithValues('chdir=${{ n }} echo ${{ n }} a=${{ n }}', 'shell', evaluate).text, 'chdir={{ __ansflow_value_0 }} echo {{ __ansflow_value_1 | quote }} a={{ __ansflow_value_2 | quote }}');
  assert.equal(getAdhocArgsText('x', 'command', []), 'x');
});

test('(unit) ansible extra vars: one expression giving the whole mapping makes every text in it unsafe', () => {
  const ev = (s: string): unknown => (s.trim() === 'obj' ? { a: '{{ x }}', n: 1, l: ['{{ y }}'] } : 3);
  assert.deepEqual(unsafeExtraVars('${{ obj }}', ev), { a: new UnsafeText('{{ x }}'), n: 1, l: [new UnsafeText('{{ y }}')] });
  assert.throws(() => unsafeExtraVars('${{ n }}', ev), /must be a mapping/);
});

test('(unit) ansible.playbook describe: plans show the extra-vars file, not the unevaluated values', () => {
  assert.equal(
    ansiblePlaybookStep.describe!({ playbook: 'site.yml', extraVars: { v: '${{ secrets.token }}' }, extraVarsFiles: ['more.yml'] }),
    'ansible-playbook --extra-vars @<extraVars> --extra-vars @more.yml site.yml',
  );
});

test('(unit) ansible.adhoc args: in shell/command lines a value inside quotes or re-parsed text is refused with a clear message', () => {
  assert.throws(() => adhocArgsWithValues('echo "${{ v }}"', 'shell', evaluate), /with\.args: \$\{\{ v \}\} is inside quotes; in a shell command line write it unquoted/);
  assert.throws(() => adhocArgsWithValues("sh -c 'echo ${{ v }}'", 'ansible.builtin.command', evaluate), /with\.args: \$\{\{ v \}\} is /);
  // k=v modules: quotes belong to Ansible's own k=v syntax and are fine.
  assert.equal(adhocArgsWithValues('msg="hi ${{ v }}"', 'debug', evaluate).text, 'msg="hi {{ __ansflow_value_0 }}"');
});

test('(unit) ansible extra vars file: strings YAML 1.1 would read as booleans or numbers stay strings', () => {
  assert.equal(getUnsafeVarsYaml({ a: 'yes', n: 'off', v: '0x1F', t: true }), 'a: "yes"\n"n": "off"\nv: "0x1F"\nt: true\n');
});
