/// <reference types="mocha" />
// The Ansible Inventories view's commands in the real extension host, on the fixture inventory
// (e2e-fixtures/ansible-site, local connection): ping, an ad-hoc module, the host-pattern
// picker, and a playbook limited to one host through the run service.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor, workspaceRoot } from './helpers.js';

interface AdhocSummary {
  lines: string[];
  summary: string;
  ok: boolean;
}

const site = (): string => join(workspaceRoot().fsPath, 'e2e-fixtures', 'ansible-site');

suite('(e2e) inventories', () => {
  test('(e2e) inventories: ping a host and a group from the view commands', async () => {
    const host = await vscode.commands.executeCommand<AdhocSummary>('ansflow.pingInventoryNode', { file: join(site(), 'hosts.ini'), pattern: 'web1' });
    assert.ok(host, 'the ping command returns its result');
    assert.deepEqual(host.lines, ['web1 | SUCCESS => pong'], host.summary);
    const group = await vscode.commands.executeCommand<AdhocSummary>('ansflow.pingInventoryNode', { file: join(site(), 'hosts.ini'), pattern: 'web' });
    assert.equal(group?.summary, '2 hosts: 2 ok');
  });

  test('(e2e) inventories: an ad-hoc module with arguments on a group', async () => {
    const r = await vscode.commands.executeCommand<AdhocSummary>('ansflow.runAdhocOnInventoryNode', { file: join(site(), 'hosts.ini'), pattern: 'web:!web2' }, { module: 'command', args: 'echo e2e-adhoc', check: false });
    assert.deepEqual(r?.lines, ['web1 | CHANGED => e2e-adhoc']);
  });

  /** Opens the host-pattern picker on `file` with `pattern` typed in and accepts it. */
  async function pick(file: string, pattern: string): Promise<{ pattern: string; hosts: string[] } | undefined> {
    let settled = false;
    const picked = Promise.resolve(vscode.commands.executeCommand<{ pattern: string; hosts: string[] }>('ansflow.selectHostPattern', file, pattern)).finally(() => (settled = true));
    // Accept once the picker is up (accepting before it opens does nothing).
    await waitFor(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 100));
      return settled;
    }, 'the host-pattern picker to open and accept');
    return picked;
  }

  test('(e2e) inventories: the host-pattern picker shows what a pattern selects', async () => {
    assert.deepEqual(await pick(join(site(), 'hosts.ini'), 'web:!web2:db1'), { pattern: 'web:!web2:db1', hosts: ['web1', 'db1'] });
    assert.equal(await vscode.env.clipboard.readText(), 'web:!web2:db1');
  });

  test('(e2e) inventories: an edited inventory file is read again (file watcher)', async () => {
    const file = join(site(), 'hosts-live.ini');
    writeFileSync(file, '[live]\nl1\n');
    try {
      // Let any pending load finish first, so only the watcher can make the model read the file again.
      await vscode.commands.executeCommand('ansflow.refreshInventories');
      assert.deepEqual((await pick(file, 'live'))?.hosts, ['l1']);
      writeFileSync(file, '[live]\nl1\nl2\n');
      await waitFor(async () => (await pick(file, 'live'))?.hosts.length === 2, 'the view to read the edited inventory');
    } finally {
      rmSync(file, { force: true });
    }
  });

  test('(e2e) inventories: a playbook limited to a host runs through the run service', async () => {
    const runId = await vscode.commands.executeCommand<string>('ansflow.runPlaybookOnInventoryNode', { file: join(site(), 'hosts.ini'), pattern: 'db1' }, join(site(), 'ping.yml'));
    assert.ok(runId, 'a run started');
    const state = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<{ status: string; pipeline: string } | undefined>('ansflow.getRunState', runId);
      return s && s.status !== 'running' ? s : undefined;
    }, 'the playbook run to end', 120_000);
    assert.ok(state);
    assert.equal(state.status, 'success');
    assert.match(state.pipeline, /ping\.yml on db1/);
  });
});
