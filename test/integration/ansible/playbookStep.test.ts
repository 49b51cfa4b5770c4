// ansible.playbook and ansible.adhoc against the real ansible-core, `-c local` on localhost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { recordingContext } from '../docker/recordingContext.js';
import { ansiblePlaybookStep } from '../../../src/core/runner/steps/ansible/ansiblePlaybookStep.js';
import { ansibleAdhocStep } from '../../../src/core/runner/steps/ansible/ansibleAdhocStep.js';
import type { AnsibleEvent } from '../../../src/core/clients/ansible/ansibleEvents.js';

const FIX = join(__dirname, 'fixtures');

const eventsOf = (ctx: ReturnType<typeof recordingContext>): AnsibleEvent[] =>
  ctx.progresses.map((p) => p.detail?.ansible as AnsibleEvent).filter(Boolean);

test('(integration) ansible.playbook streams ok/changed/skipped/failed events with file:line', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const ctx = recordingContext({ playbook: 'mixed.yml', inventory: 'localhost,', connection: 'local' }, FIX);
  const out = await ansiblePlaybookStep.run(ctx);
  assert.equal(out.exitCode, 2);
  const evs = eventsOf(ctx);
  const kinds = evs.map((e) => e.event);
  for (const k of ['playbook_start', 'play_start', 'task_start', 'host_ok', 'host_changed', 'host_skipped', 'item_ok', 'host_failed', 'stats']) assert.ok(kinds.includes(k as AnsibleEvent['event']), k);
  const failed = evs.find((e) => e.event === 'host_failed');
  assert.ok(failed && failed.event === 'host_failed');
  assert.equal(failed.file, join(FIX, 'mixed.yml'));
  assert.equal(failed.line, 16);
  assert.equal(failed.host, 'localhost');
  const changed = evs.find((e) => e.event === 'host_changed');
  assert.ok(changed && changed.event === 'host_changed' && changed.line === 8);
  // the human output stays on stdout, the failure is repeated as a located line
  assert.match(ctx.text('stdout'), /PLAY RECAP/);
  assert.doesNotMatch(ctx.text('stdout'), /"event":/);
  assert.ok(ctx.text('system').includes(`error: failed: [localhost] failing task — boom (at ${join(FIX, 'mixed.yml')}:16)`), ctx.text('system'));
  assert.match(out.message ?? '', /mixed\.yml:16/);
  assert.equal(out.outputs?.changed, 'true');
  assert.equal(out.outputs?.failedHosts, 'localhost');
  const stats = JSON.parse(out.outputs!.stats);
  assert.deepEqual(stats.localhost, { ok: 3, changed: 1, failed: 1, unreachable: 0, skipped: 1, rescued: 0, ignored: 0 });
});

test('(integration) ansible.playbook: vault password from a secret, extra vars, tags, check mode', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const ctx = recordingContext(
    { playbook: 'vaulted.yml', inventory: 'localhost,', connection: 'local', vaultPasswordSecret: 'VAULT', extraVars: { who: 'ansflow' }, tags: ['special', 'untagged'] },
    FIX,
    { secrets: { VAULT: 'vaultpw' } },
  );
  const out = await ansiblePlaybookStep.dryRun!(ctx);
  assert.equal(out.exitCode, 0, ctx.text());
  assert.match(ctx.text('stdout'), /len=12 who=ansflow/);
  assert.match(ctx.text('stdout'), /"msg": "tagged"/);
  assert.doesNotMatch(ctx.text(), /s3cret-value|vaultpw/);
  // wrong secret: a clean failure, and no temp password file left behind
  const bad = recordingContext({ playbook: 'vaulted.yml', inventory: 'localhost,', connection: 'local', vaultPasswordSecret: 'VAULT' }, FIX, { secrets: { VAULT: 'nope' } });
  const badOut = await ansiblePlaybookStep.run(bad);
  assert.notEqual(badOut.exitCode, 0);
  assert.match(bad.text('stderr'), /Decryption failed|no vault secrets/i);
});

test('(integration) ansible.playbook cancel stops the run', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const ctx = recordingContext({ playbook: 'slow.yml', inventory: 'localhost,', connection: 'local' }, FIX);
  const p = ansiblePlaybookStep.run(ctx);
  // Cancel once the long task has started (its event arrived), not after a guessed delay.
  let ended = false;
  p.then(
    () => (ended = true),
    () => (ended = true),
  );
  while (!eventsOf(ctx).some((e) => e.event === 'task_start')) {
    assert.equal(ended, false, `the play ended before the cancel: ${ctx.text()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  ctx.abort.abort();
  await assert.rejects(p, (e: Error) => e.name === 'CancellationError');
});

test('(integration) ansible.adhoc pings a host pattern', async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const ctx = recordingContext({ hosts: 'all', inventory: 'localhost,', connection: 'local' }, FIX);
  const out = await ansibleAdhocStep.run(ctx);
  assert.equal(out.exitCode, 0, ctx.text());
  assert.equal(out.outputs?.hosts, 'localhost');
  // The ping module answers `pong`: the line must carry it (a host line alone is not a ping).
  assert.match(ctx.text('stdout'), /^ok: \[localhost\] — pong$/m);
});
