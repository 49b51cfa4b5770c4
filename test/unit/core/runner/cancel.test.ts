import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import { pipeline, sh } from './helpers/pipelines.js';

// A zombie (exited, not yet reaped by init) counts as gone.
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('(unit) runner: cancel kills a step and its 50 background grandchildren; none survives; finally still runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cancel-'));
  const pidFile = join(dir, 'pids');
  // Grandchildren ignore nothing special; one of them traps TERM to force the SIGKILL path.
  const script = `for i in $(seq 1 50); do sleep 300 & echo $! >> "${pidFile}"; done
(trap '' TERM; sleep 300) & echo $! >> "${pidFile}"
echo started
wait`;
  const h = runPipeline(pipeline([sh('spawner', script), sh('later', 'true', { needs: ['spawner'] })], { finally: [sh('cleanup', 'echo cleanup ran')] }), {
    workspace: dir,
    killGraceMs: 300,
    logBatchMs: 5,
  });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  await waitFor(() => events.some((e) => e.type === 'step-log' && e.text.includes('started')));
  const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
  assert.equal(pids.length, 51);
  assert.ok(pids.every(alive));
  h.cancel('user pressed Ctrl-C');
  const summary = await h.done;
  assert.equal(summary.status, 'cancelled');
  const byKey = Object.fromEntries(summary.steps.map((s) => [s.step, s]));
  assert.equal(byKey.spawner!.status, 'cancelled');
  assert.equal(byKey.later!.status, 'cancelled');
  assert.equal(byKey.cleanup!.status, 'success');
  await waitFor(() => pids.every((p) => !alive(p)), 3000);
  assert.ok(events.some((e) => e.type === 'step-log' && e.step === 'cleanup' && e.text.includes('cleanup ran')));
});

test('(unit) runner: background processes left by a successful step are ended with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-orphan-'));
  const pidFile = join(dir, 'pid');
  const h = runPipeline(pipeline([sh('leaves', `sleep 300 > /dev/null 2>&1 & echo $! > "${pidFile}"`)]), { workspace: dir });
  const summary = await h.done;
  assert.equal(summary.status, 'success');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  await waitFor(() => !alive(pid), 3000);
});

test('(unit) runner: steps not yet started when cancelled are reported cancelled with a reason', async () => {
  const h = runPipeline(pipeline([sh('a', 'sleep 300'), sh('b', 'true', { needs: ['a'] })]), { workspace: tmpdir(), killGraceMs: 200 });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  await waitFor(() => events.some((e) => e.type === 'step-start' && e.step === 'a'), 60_000);
  h.cancel('stop');
  const summary = await h.done;
  assert.equal(summary.steps[1]!.status, 'cancelled');
  assert.match(summary.steps[1]!.reason!, /stop/);
});

// Without the forced kill the step would outlive the 10-minute grace and the test's own timeout.
test('(unit) runner: a second (forced) cancel kills a step that ignores SIGTERM at once', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-force-'));
  const h = runPipeline(pipeline([sh('stubborn', "trap '' TERM; echo up; while true; do sleep 0.1; done")]), { workspace: dir, killGraceMs: 600_000, logBatchMs: 5 });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  await waitFor(() => events.some((e) => e.type === 'step-log' && e.text.includes('up')));
  h.cancel('first');
  h.cancel('second');
  const summary = await h.done;
  assert.equal(summary.status, 'cancelled');
});
