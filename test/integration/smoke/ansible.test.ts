// Smoke test: ansible-core runs a play against localhost with the local connection and changes a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ansiblePlaybookPath, requireEngine } from '../engines.js';

const run = promisify(execFile);

test('(integration) ansible-playbook -c local runs a play that writes a file', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-ansible-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const target = join(dir, 'out.txt');
  writeFileSync(
    join(dir, 'play.yml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: write the marker file',
      '      ansible.builtin.copy:',
      `        dest: ${JSON.stringify(target)}`,
      '        content: "written by {{ inventory_hostname }}\\n"',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, ANSIBLE_PYTHON_INTERPRETER: 'auto_silent', ANSIBLE_FORCE_COLOR: '0' };
  const { stdout } = await run(ansiblePlaybookPath(), ['-i', 'localhost,', '-c', 'local', join(dir, 'play.yml')], { env, cwd: dir });
  assert.match(stdout, /localhost\s*:\s*ok=1\s+changed=1\s+unreachable=0\s+failed=0/);
  assert.equal(readFileSync(target, 'utf8'), 'written by localhost\n');

  // Idempotence is the point of Ansible: a second run changes nothing.
  const again = await run(ansiblePlaybookPath(), ['-i', 'localhost,', '-c', 'local', join(dir, 'play.yml')], { env, cwd: dir });
  assert.match(again.stdout, /localhost\s*:\s*ok=1\s+changed=0/);
});
