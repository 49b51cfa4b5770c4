// (unit) A notify step whose optional target is empty (an unset optional secret or param) skips with a
// note instead of failing the run; a target that is missing altogether is still a mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvFileSecretProvider, runPipeline } from '../../../../../src/core/runner/index.js';
import { pipeline, step } from '../helpers/pipelines.js';
import type { RunEvent } from '../../../../../src/core/contracts/events.js';

const R = { start: 0, end: 0 };
const optional = (name: string, variable: string) => ({ name, source: { kind: 'env' as const, variable }, required: false, range: R, nameRange: R });

async function run(steps: ReturnType<typeof step>[], dryRun = false) {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-notify-'));
  const p = pipeline(steps, { secrets: [optional('HOOK', 'ANSFLOW_TEST_UNSET_HOOK'), optional('RCPT', 'ANSFLOW_TEST_UNSET_RCPT')] });
  const h = runPipeline(p, { workspace: dir, logBatchMs: 5, dryRun, secrets: new EnvFileSecretProvider({ env: {}, baseDir: dir }) });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  const summary = await h.done;
  const log = (k: string) => events.filter((e) => e.type === 'step-log' && e.step === k).map((e) => (e as { text: string }).text).join('');
  return { summary, log };
}

test('(unit) notify: slack and webhook with an empty optional url skip with a note; the run succeeds', async () => {
  const { summary, log } = await run([
    step('chat', { type: 'notify', with: { kind: 'slack', url: '${{ secrets.HOOK }}', message: 'done' } }),
    step('hook', { type: 'notify', with: { kind: 'webhook', url: '${{ secrets.HOOK }}', message: 'done' } }),
  ]);
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps));
  for (const [i, id] of ['chat', 'hook'].entries()) {
    assert.equal(summary.steps[i]!.status, 'skipped');
    assert.match(summary.steps[i]!.reason ?? '', /url is empty/);
    assert.match(log(id), /url is empty/);
  }
});

test('(unit) notify: email whose recipients interpolate to nothing skips with a note', async () => {
  const { summary } = await run([
    step('mail', { type: 'notify', with: { kind: 'email', smtp: { host: '127.0.0.1', port: 1 }, from: 'a@example.test', to: '${{ secrets.RCPT }}', message: 'x' } }),
  ]);
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps));
  assert.equal(summary.steps[0]!.status, 'skipped');
  assert.match(summary.steps[0]!.reason ?? '', /no recipients/);
});

test('(unit) notify: a dry run of an empty optional target also says it would skip', async () => {
  const { summary, log } = await run([step('chat', { type: 'notify', with: { kind: 'slack', url: '${{ secrets.HOOK }}', message: 'm' } })], true);
  assert.equal(summary.status, 'success');
  assert.match(log('chat'), /url is empty/);
});

test('(unit) notify: a missing url or a url that is not http(s) still fails', async () => {
  const { summary } = await run([
    step('none', { type: 'notify', with: { kind: 'webhook', message: 'x' } }),
    step('ftp', { type: 'notify', with: { kind: 'webhook', url: 'ftp://example.test/x', message: 'x' } }),
  ]);
  assert.equal(summary.status, 'failed');
  assert.equal(summary.steps[0]!.status, 'failed');
  assert.equal(summary.steps[1]!.status, 'failed');
});
