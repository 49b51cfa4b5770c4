// breakOnFailure through the real runner and real shell steps: a failed step is held after its last
// attempt; restart runs it once more, release lets the failure stand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { DebugController, type HeldStep } from '../../../../../src/core/runner/debug/DebugController.js';

// `flaky` fails until a marker file exists; the first attempt writes it.
const PIPELINE = `version: 1
steps:
  flaky:
    type: shell
    retry: { max: 1 }
    with: { run: 'echo "try=$ANSFLOW_ATTEMPT" >> "$ANSFLOW_OUTPUT"; if [ -f fixed ]; then echo ok; else echo "broken $ANSFLOW_ATTEMPT" >&2; [ "$ANSFLOW_ATTEMPT" = 2 ] && touch fixed; exit 3; fi' }
  tolerated:
    type: shell
    continueOnError: true
    with: { run: 'exit 4' }
  after:
    type: shell
    needs: [flaky, tolerated]
    with: { run: 'touch after.txt' }
`;

function start(debug: DebugController) {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-debug-fail-'));
  const parsed = parsePipeline(PIPELINE);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const handle = runPipeline(parsed, { workspace: ws, debug });
  debug.attach(handle);
  return { ws, handle };
}

function nextHeld(debug: DebugController): Promise<HeldStep> {
  return new Promise((resolve) => {
    const sub = debug.onHeld((h) => {
      sub.dispose();
      resolve(h);
    });
  });
}

test('(unit) debug breakOnFailure: held after the retries failed (not a continueOnError step); restart runs it again and the run goes on', async () => {
  const debug = new DebugController({ breakOnFailure: true });
  const held = nextHeld(debug);
  const { ws, handle } = start(debug);
  const h = await held;
  assert.equal(h.key, 'flaky');
  // The step's own retry (2 attempts) came first.
  assert.deepEqual(h.failure, { attempt: 2, status: 'failed', exitCode: 3, reason: 'exited with code 3' });
  assert.deepEqual(debug.held().map((x) => x.key), ['flaky'], 'the tolerated failure is not held');
  const snap = debug.snapshot('flaky');
  assert.ok(snap.ok);
  assert.equal(snap.value.state, 'held');
  assert.deepEqual(snap.value.failure, h.failure);
  assert.equal(existsSync(join(ws, 'after.txt')), false, 'dependents wait while it is held');
  assert.equal(debug.restart('nope').ok, false);

  assert.ok(debug.restart('flaky').ok);
  const summary = await handle.done;
  assert.equal(summary.status, 'success');
  const flaky = summary.steps.find((s) => s.step === 'flaky')!;
  assert.deepEqual([flaky.status, flaky.attempts], ['success', 3]);
  assert.equal(flaky.outputs.try, '3');
  assert.ok(existsSync(join(ws, 'after.txt')));
  assert.deepEqual(debug.held(), []);
});

test('(unit) debug breakOnFailure: release lets the failure stand; without breakOnFailure nothing is held', async () => {
  const debug = new DebugController({ breakOnFailure: true });
  const held = nextHeld(debug);
  const { handle } = start(debug);
  assert.equal((await held).key, 'flaky');
  assert.ok(debug.release('flaky'));
  const summary = await handle.done;
  assert.equal(summary.status, 'failed');
  assert.equal(summary.steps.find((s) => s.step === 'after')!.status, 'skipped');

  const off = new DebugController();
  let heldAny = false;
  off.onHeld(() => (heldAny = true));
  const plain = start(off);
  assert.equal((await plain.handle.done).status, 'failed');
  assert.equal(heldAny, false);
});

test('(unit) debug breakOnFailure: a cancel while held after a failure ends the run without another attempt; a failing finally step is not held after it', async () => {
  const debug = new DebugController({ breakOnFailure: true });
  const held = nextHeld(debug);
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-debug-fail-'));
  const parsed = parsePipeline(`${PIPELINE}finally:\n  cleanup:\n    type: shell\n    with: { run: 'exit 9' }\n`);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const handle = runPipeline(parsed, { workspace: ws, debug });
  debug.attach(handle);
  await held;
  debug.cancel();
  const summary = await handle.done;
  const flaky = summary.steps.find((s) => s.step === 'flaky')!;
  assert.deepEqual([flaky.status, flaky.attempts], ['failed', 2]);
  assert.equal(summary.steps.find((s) => s.step === 'cleanup')!.status, 'failed');
  assert.notEqual(summary.status, 'success');
  assert.deepEqual(debug.held(), []);
});
