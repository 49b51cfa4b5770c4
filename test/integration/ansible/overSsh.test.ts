// ansible.adhoc, ansible.playbook and the Inventories view's actions against a real OpenSSH server (the
// `ssh` test engine on loopback): inventory hosts reached with ansible_host/ansible_port/ansible_user and a
// private key file, host keys checked against the run's known_hosts, files copied over sftp.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireEngine, runDirPath, sshTarget, type SshTarget } from '../engines.js';
import { recordingContext } from '../docker/recordingContext.js';
import { ansibleAdhocStep } from '../../../src/core/runner/steps/ansible/ansibleAdhocStep.js';
import { ansiblePlaybookStep } from '../../../src/core/runner/steps/ansible/ansiblePlaybookStep.js';
import { formatAdhocResult, nodePlaybookPipeline, runNodeAdhoc } from '../../../src/core/views/inventories/inventoryActions.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import type { AnsibleEvent } from '../../../src/core/clients/ansible/ansibleEvents.js';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: where the connection comes from
      ansible.builtin.command: printenv SSH_CONNECTION
      register: conn
      changed_when: false
    - name: leave a file per host
      ansible.builtin.copy:
        content: "{{ inventory_hostname }} via port {{ conn.stdout.split()[3] }}\\n"
        dest: "{{ out_dir }}/{{ inventory_hostname }}.txt"
        mode: "0644"
`;

interface Fixture {
  dir: string;
  /** Hosts reach the sshd with the key given in the inventory. */
  inventory: string;
  /** The same two hosts with only address and port: user and key come from the step. */
  bareInventory: string;
  playbook: string;
  ssh: SshTarget;
}

/** A known_hosts line for the target holding some other host key: ssh must refuse to connect. */
function wrongKnownHosts(dir: string, port: number): string {
  const key = join(dir, 'other_host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const file = join(dir, 'wrong_known_hosts');
  writeFileSync(file, `[127.0.0.1]:${port} ${readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  return file;
}

function fixture(): Fixture {
  const ssh = sshTarget();
  mkdirSync(runDirPath(), { recursive: true });
  const dir = mkdtempSync(runDirPath('ansflow-ansible-ssh-'));
  const sshArgs = (knownHosts: string): string => `'-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes'`;
  const hosts = `target1 ansible_host=${ssh.host} ansible_port=${ssh.port}\ntarget2 ansible_host=${ssh.host} ansible_port=${ssh.port}\n`;
  const common = `ansible_python_interpreter=/usr/bin/python3\nansible_ssh_common_args=${sshArgs(ssh.knownHosts)}\n`;
  const inventory = join(dir, 'hosts.ini');
  writeFileSync(
    inventory,
    [
      '[sshtargets]',
      hosts,
      '[sshtargets:vars]',
      `ansible_user=${ssh.user}`,
      `ansible_ssh_private_key_file=${ssh.key}`,
      common,
      // Same server, but the known_hosts file names another key: a man in the middle as ssh sees it.
      // No shared master connection: the targets share its address, port and user, so with Ansible's default
      // ControlMaster it could ride on their already verified connection and never check its host key.
      '[strangers]',
      `stranger ansible_host=${ssh.host} ansible_port=${ssh.port} ansible_user=${ssh.user} ansible_ssh_private_key_file=${ssh.key} ansible_ssh_common_args=${sshArgs(wrongKnownHosts(dir, ssh.port))} ansible_ssh_args='-o ControlMaster=no'`,
      '',
    ].join('\n'),
  );
  const bareInventory = join(dir, 'bare.ini');
  writeFileSync(bareInventory, `[sshtargets]\n${hosts}\n[sshtargets:vars]\n${common}`);
  const playbook = join(dir, 'leave-file.yml');
  writeFileSync(playbook, PLAYBOOK);
  return { dir, inventory, bareInventory, playbook, ssh };
}

const ready = (t: { name?: string; skip(m?: string): void }): boolean => requireEngine(t, 'ansible') && requireEngine(t, 'ssh');

/** The base64 body of the private key: no line of it may reach a log. */
const keyLines = (key: string): string[] => readFileSync(key, 'utf8').split('\n').filter((l) => l && !l.startsWith('-----'));

// Each case is a few ansible runs that mostly wait on process start-up: run them side by side.
describe('(integration) ansible over ssh', { concurrency: true }, () => {
  test('ansible.adhoc pings hosts through sshd; a wrong host key is unreachable', async (t) => {
    if (!ready(t)) return;
    const f = fixture();
    try {
      const ctx = recordingContext({ hosts: 'sshtargets:strangers', inventory: [f.inventory] }, f.dir);
      const out = await ansibleAdhocStep.run(ctx);
      assert.equal(out.outputs?.hosts.split(',').sort().join(','), 'stranger,target1,target2', ctx.text());
      assert.equal(out.outputs?.failedHosts, 'stranger');
      assert.notEqual(out.exitCode, 0);
      assert.match(out.message ?? '', /1 host\(s\) failed: stranger/);
      assert.match(ctx.text('stdout'), /ok: \[target1\] — pong/);
      assert.match(ctx.text('stdout'), /ok: \[target2\] — pong/);
      assert.match(ctx.text('stdout'), /unreachable: \[stranger\] — Failed to connect to the host via ssh:[\s\S]*Host key verification failed/);
      for (const line of keyLines(f.ssh.key)) assert.ok(!ctx.text().includes(line), 'no private key material in the step log');
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  test('the Inventories view ping and ad-hoc module reach the host through sshd', async (t) => {
    if (!ready(t)) return;
    const f = fixture();
    try {
      const ping = formatAdhocResult(await runNodeAdhoc({ inventory: f.inventory, pattern: 'target1' }));
      assert.deepEqual(ping.lines, ['target1 | SUCCESS => pong']);
      // SSH_CONNECTION is set by sshd for the session: "client-ip client-port server-ip server-port".
      const shell = formatAdhocResult(await runNodeAdhoc({ inventory: f.inventory, pattern: 'target2', module: 'shell', moduleArgs: 'echo "$SSH_CONNECTION"' }));
      assert.equal(shell.ok, true, shell.lines.join('\n'));
      assert.match(shell.lines[0], new RegExp(`^target2 \\| CHANGED => 127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${f.ssh.port}$`));
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  test('ansible.playbook with user and privateKey from the step, files copied over sftp', async (t) => {
    if (!ready(t)) return;
    const f = fixture();
    try {
      const ctx = recordingContext(
        { playbook: f.playbook, inventory: f.bareInventory, user: f.ssh.user, privateKey: f.ssh.key, extraVars: { out_dir: f.dir }, verbosity: 3 },
        f.dir,
      );
      const out = await ansiblePlaybookStep.run(ctx);
      assert.equal(out.exitCode, 0, `${out.message}\n${ctx.text()}`);
      for (const h of ['target1', 'target2']) assert.equal(readFileSync(join(f.dir, `${h}.txt`), 'utf8'), `${h} via port ${f.ssh.port}\n`);
      const events = ctx.progresses.map((p) => p.detail?.ansible as AnsibleEvent | undefined).filter((e): e is AnsibleEvent => !!e);
      const changed = events.filter((e) => e.event === 'host_changed').map((e) => (e as { host: string }).host).sort();
      assert.deepEqual(changed, ['target1', 'target2'], 'per-host task events from the remote runs');
      assert.equal(out.outputs?.changed, 'true');
      // -vvv prints every ssh command line; the key travels as a file path only.
      assert.match(ctx.text(), new RegExp(`ESTABLISH SSH CONNECTION FOR USER: ${f.ssh.user}`));
      for (const line of keyLines(f.ssh.key)) assert.ok(!ctx.text().includes(line), 'no private key material in the step log');
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  test('the Inventories view runs a playbook limited to a host through the runner', async (t) => {
    if (!ready(t)) return;
    const f = fixture();
    try {
      const limited = join(f.dir, 'limited.yml');
      writeFileSync(limited, PLAYBOOK.replace('{{ out_dir }}', f.dir));
      const text = nodePlaybookPipeline({ playbook: limited, inventory: f.inventory, limit: 'sshtargets:!target1' });
      const parsed = parsePipeline(text, { file: join(f.dir, 'node.ansflow.yaml') });
      assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
      const progress: string[] = [];
      const handle = runPipeline(parsed, { workspace: f.dir, logBatchMs: 5 });
      handle.onEvent((e) => {
        if (e.type === 'step-progress') progress.push(e.message);
      });
      const summary = await handle.done;
      assert.equal(summary.status, 'success');
      assert.equal(readFileSync(join(f.dir, 'target2.txt'), 'utf8'), `target2 via port ${f.ssh.port}\n`);
      assert.throws(() => readFileSync(join(f.dir, 'target1.txt')), /ENOENT/, 'the limit keeps target1 out');
      assert.ok(progress.some((m) => /target2/.test(m)), `per-task events stream: ${progress.join(' | ')}`);
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });
});
