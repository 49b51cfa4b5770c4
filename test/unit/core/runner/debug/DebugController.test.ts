// The debugger's control surface through the real runner and real shell steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { MASK, RunHistory, RunStore, StaticSecretProvider, planInstances, runPipeline } from '../../../../../src/core/runner/index.js';
import { DebugController, type HeldStep } from '../../../../../src/core/runner/debug/DebugController.js';

const SECRET = 'hunter2-debug-s3cret';

const PIPELINE = `version: 1
params:
  greeting: { type: string, default: hello }
secrets:
  TOKEN: { description: a token }
steps:
  a:
    type: shell
    with: { run: 'echo "word=from-a" >> "$ANSFLOW_OUTPUT"; echo "tok=$TOKEN" >> "$ANSFLOW_OUTPUT"' }
    env: { TOKEN: "\${{ secrets.TOKEN }}" }
  b:
    type: shell
    needs: a
    with: { run: 'echo "\${{ params.greeting }} \${{ steps.a.outputs.word }}" > b.txt' }
`;

function setup(debug: DebugController) {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-debug-'));
  const store = new RunStore({ root: join(ws, 'runs') });
  const parsed = parsePipeline(PIPELINE);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const handle = runPipeline(parsed, { workspace: ws, store, debug, secrets: new StaticSecretProvider({ TOKEN: SECRET }) });
  debug.attach(handle);
  return { ws, store, handle };
}

/** Resolves with the next instance the debugger holds. */
function nextHeld(debug: DebugController): Promise<HeldStep> {
  return new Promise((resolve) => {
    const sub = debug.onHeld((h) => {
      sub.dispose();
      resolve(h);
    });
  });
}

test('(unit) debug: held before b, the snapshot shows a\'s outputs; edits before release reach b and the run record', async () => {
  const debug = new DebugController({ breakpoints: ['b'] });
  const held = nextHeld(debug);
  const { ws, store, handle } = setup(debug);
  assert.deepEqual(await held, { key: 'b', stepId: 'b' });
  assert.deepEqual(debug.held(), [{ key: 'b', stepId: 'b' }]);

  const snap = debug.snapshot('b');
  assert.ok(snap.ok);
  assert.equal(snap.value.state, 'held');
  assert.equal(snap.value.params.greeting, 'hello');
  const stepA = snap.value.steps.a as { outputs: Record<string, string>; conclusion: string };
  assert.equal(stepA.outputs.word, 'from-a');
  assert.equal(stepA.conclusion, 'success');
  // Secrets: names only, and no value in the snapshot carries the secret (a's output echoes it).
  assert.deepEqual(snap.value.secrets, { TOKEN: MASK });
  assert.ok(!JSON.stringify(snap.value).includes(SECRET));
  assert.equal(stepA.outputs.tok, MASK);
  const ev = debug.evaluate('b', '${{ secrets.TOKEN }}');
  assert.ok(ev.ok && ev.value === MASK);

  assert.deepEqual(debug.evaluate('b', "format('{0} {1}', params.greeting, steps.a.outputs.word)"), { ok: true, value: 'hello from-a' });
  assert.ok(!debug.evaluate('b', 'params.(').ok);

  assert.ok(debug.edit('b', { kind: 'param', name: 'greeting', value: 'bonjour' }).ok);
  assert.ok(debug.edit('b', { kind: 'output', step: 'a', name: 'word', value: 'edited' }).ok);
  assert.ok(!debug.edit('b', { kind: 'param', name: 'nope', value: 1 }).ok, 'an unknown param is refused');
  assert.ok(!debug.edit('a', { kind: 'param', name: 'greeting', value: 'x' }).ok, 'only a held step takes edits');
  assert.deepEqual(debug.evaluate('b', 'steps.a.outputs.word'), { ok: true, value: 'edited' });

  assert.ok(debug.release('b'));
  const summary = await handle.done;
  assert.equal(summary.status, 'success');
  assert.equal(readFileSync(join(ws, 'b.txt'), 'utf8'), 'bonjour edited\n');
  const after = debug.snapshot('b');
  assert.ok(after.ok && after.value.state === 'finished');

  const { records } = new RunHistory(store).readRecords(handle.runId);
  const edits = records.filter((r) => r.type === 'debug-edit');
  assert.deepEqual(
    edits.map((r) => ('edit' in r ? [r.before, r.edit] : [])),
    [
      ['b', { kind: 'param', name: 'greeting', value: 'bonjour' }],
      ['b', { kind: 'output', step: 'a', name: 'word', value: 'edited' }],
    ],
  );
});

test('(unit) debug: stopOnEntry holds every step; release one steps over; continue runs the rest', async () => {
  const debug = new DebugController({ stopOnEntry: true });
  let held = nextHeld(debug);
  const { ws, handle } = setup(debug);
  assert.equal((await held).key, 'a');
  held = nextHeld(debug);
  debug.release('a');
  // Still paused: the next ready step is held too.
  assert.equal((await held).key, 'b');
  const snap = debug.snapshot('a');
  assert.ok(snap.ok && snap.value.state === 'finished');
  debug.continue();
  assert.equal((await handle.done).status, 'success');
  assert.equal(readFileSync(join(ws, 'b.txt'), 'utf8'), 'hello from-a\n');
});

test('(unit) debug: cancel while held records the held step cancelled, never started', async () => {
  const debug = new DebugController({ breakpoints: ['b'] });
  const held = nextHeld(debug);
  const { handle } = setup(debug);
  await held;
  debug.cancel();
  const summary = await handle.done;
  assert.equal(summary.status, 'cancelled');
  const b = summary.steps.find((s) => s.step === 'b')!;
  assert.equal(b.status, 'cancelled');
  assert.equal(b.attempts, 0);
  assert.deepEqual(debug.held(), []);
});

test('(unit) debug: no breakpoints, nothing held; unknown instances are errors', async () => {
  const debug = new DebugController();
  let heldAny = false;
  debug.onHeld(() => (heldAny = true));
  const { handle } = setup(debug);
  assert.equal((await handle.done).status, 'success');
  assert.equal(heldAny, false);
  assert.equal(debug.snapshot('zzz').ok, false);
  assert.equal(debug.evaluate('zzz', 'true').ok, false);
});

test('(unit) debug: a breakpoint on one matrix instance key holds only it; an instance output edit shows merged under the step id', async () => {
  const text = `version: 1
steps:
  m:
    type: shell
    matrix: { n: [x, y] }
    with: { run: 'echo "v=\${{ matrix.n }}" >> "$ANSFLOW_OUTPUT"' }
  after:
    type: shell
    needs: m
    with: { run: 'echo "\${{ steps.m.outputs.v }}" > after.txt' }
`;
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const keys = planInstances(parsed.pipeline).map((i) => i.key);
  const yKey = keys.find((k) => k.startsWith('m') && k.includes('y'))!;
  const debug = new DebugController({ breakpoints: [yKey, 'after'] });
  const held: string[] = [];
  debug.onHeld((h) => held.push(h.key));
  let next = nextHeld(debug);
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-debug-'));
  const handle = runPipeline(parsed, { workspace: ws, debug, concurrency: 1 });
  assert.equal((await next).key, yKey);
  const snap = debug.snapshot(yKey);
  assert.ok(snap.ok);
  assert.equal(snap.value.matrix.n, 'y');
  next = nextHeld(debug);
  debug.release(yKey);
  assert.equal((await next).key, 'after');
  assert.deepEqual(held, [yKey, 'after']);
  assert.ok(debug.edit('after', { kind: 'output', step: yKey, name: 'v', value: 'edited-y' }).ok);
  assert.deepEqual(debug.evaluate('after', 'steps.m.outputs.v'), { ok: true, value: 'edited-y' });
  debug.continue();
  assert.equal((await handle.done).status, 'success');
  assert.equal(readFileSync(join(ws, 'after.txt'), 'utf8'), 'edited-y\n');
});
