import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from '../../../../src/core/runner/events/Emitter.js';
import { LogBatcher } from '../../../../src/core/runner/events/LogBatcher.js';
import { subscribeQueued } from '../../../../src/core/runner/events/QueuedConsumer.js';
import { createExecutor, LocalExecutor } from '../../../../src/core/runner/index.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';

const log = (step: string, text: string): RunEvent => ({ type: 'step-log', runId: 'r', time: 0, step, stream: 'stdout', text });

test('(unit) emitter: a throwing listener does not starve the others; dispose unsubscribes', () => {
  const errors: unknown[] = [];
  const e = new Emitter<number>((err) => errors.push(err));
  const got: number[] = [];
  e.event(() => {
    throw new Error('boom');
  });
  const sub = e.event((n) => got.push(n));
  e.fire(1);
  sub.dispose();
  e.fire(2);
  assert.deepEqual(got, [1]);
  assert.equal(errors.length, 2);
});

test('(unit) log batcher: many small writes become one event per step and stream per interval', async () => {
  const batches: string[] = [];
  const b = new LogBatcher((step, stream, text) => batches.push(`${step}/${stream}:${text}`), { intervalMs: 20 });
  for (let i = 0; i < 100; i++) b.add('a', 'stdout', 'x');
  b.add('b', 'stderr', 'y');
  assert.equal(batches.length, 0);
  while (batches.length < 2) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(batches.sort(), [`a/stdout:${'x'.repeat(100)}`, 'b/stderr:y']);
  b.add('a', 'stdout', 'z');
  b.flushStep('a');
  assert.equal(batches.at(-1), 'a/stdout:z');
  b.dispose();
});

test('(unit) log batcher: a piece of half a batch or more goes out at once when nothing is pending, after what is', () => {
  const batches: string[] = [];
  const b = new LogBatcher((step, stream, text) => batches.push(`${step}/${stream}:${text}`), { intervalMs: 60_000, maxBatchChars: 100 });
  b.add('a', 'stdout', 'x'.repeat(50));
  assert.deepEqual(batches, ['a/stdout:' + 'x'.repeat(50)]);
  b.add('a', 'stdout', 'small');
  b.add('a', 'stdout', 'y'.repeat(96));
  // Pending text first: the big piece joins its batch (now past the limit) instead of overtaking it.
  assert.deepEqual(batches.slice(1), ['a/stdout:small' + 'y'.repeat(96)]);
  b.add('a', 'stdout', 'z'.repeat(49));
  assert.equal(batches.length, 2);
  b.dispose();
  assert.equal(batches.at(-1), 'a/stdout:' + 'z'.repeat(49));
});

test('(unit) queued consumer: a slow consumer never blocks the producer and its queue stays bounded', async () => {
  const e = new Emitter<RunEvent>();
  const seen: RunEvent[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const sub = subscribeQueued(e.event, async (ev) => {
    await gate;
    seen.push(ev);
  }, { maxQueuedLogChars: 1000 });
  const t0 = Date.now();
  for (let i = 0; i < 10_000; i++) e.fire(log('s', 'y'.repeat(100)));
  e.fire({ type: 'step-end', runId: 'r', time: 0, step: 's', stepId: 's', status: 'success', attempt: 1, durationMs: 1 });
  assert.ok(Date.now() - t0 < 2000, 'producer was not blocked');
  release();
  await sub.idle();
  const logChars = seen.filter((x) => x.type === 'step-log' && x.stream === 'stdout').reduce((n, x) => n + (x as { text: string }).text.length, 0);
  assert.ok(logChars <= 1100, `kept ${logChars} chars`);
  assert.ok(sub.droppedChars > 900_000);
  assert.ok(seen.some((x) => x.type === 'step-log' && x.stream === 'system' && /not shown/.test(x.text)));
  assert.equal(seen.at(-1)!.type, 'step-end', 'non-log events are never dropped and keep their order');
  sub.dispose();
});

test('(unit) executors: local by default; an unknown kind is reported as not available', () => {
  const local = createExecutor(undefined, { workspace: '/tmp' });
  assert.ok(local.ok && local.value instanceof LocalExecutor);
  const spec = { kind: 'vm' } as never;
  const none = createExecutor(spec, { workspace: '/tmp' });
  assert.ok(!none.ok);
  assert.match(none.error.message, /'vm' executor is not available/);
  assert.match(none.error.hint!, /Available executors: local/);
});
