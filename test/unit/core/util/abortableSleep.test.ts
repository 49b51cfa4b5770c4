import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { abortableSleep } from '../../../../src/core/util/abortableSleep.js';

// Timers are mocked: no real hour-long timer is ever armed, so a broken wait fails instead of hanging.
mock.timers.enable({ apis: ['setTimeout'] });

/** 'done' when `p` has settled by the time pending I/O callbacks run, else 'pending'. */
function settled(p: Promise<void>): Promise<'done' | 'pending'> {
  return Promise.race([p.then(() => 'done' as const), new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
}

function countRemovals(signal: AbortSignal): () => number {
  let removed = 0;
  const remove = signal.removeEventListener.bind(signal);
  signal.removeEventListener = ((type: string, fn: EventListener) => { removed++; remove(type, fn); }) as typeof signal.removeEventListener;
  return () => removed;
}

test('(unit) abortableSleep: an abort ends the wait at once and leaves no listener behind', async () => {
  const ac = new AbortController();
  const removed = countRemovals(ac.signal);
  const wait = abortableSleep(3_600_000, ac.signal);
  assert.equal(await settled(wait), 'pending');
  ac.abort();
  assert.equal(await settled(wait), 'done');
  assert.equal(removed(), 1);
});

test('(unit) abortableSleep: an already aborted signal resolves without waiting', async () => {
  const ac = new AbortController();
  ac.abort();
  assert.equal(await settled(abortableSleep(3_600_000, ac.signal)), 'done');
});

test('(unit) abortableSleep: without an abort it resolves when its time is up and removes its listener', async () => {
  const ac = new AbortController();
  const removed = countRemovals(ac.signal);
  const wait = abortableSleep(1_000, ac.signal);
  mock.timers.tick(999);
  assert.equal(await settled(wait), 'pending');
  mock.timers.tick(1);
  assert.equal(await settled(wait), 'done');
  assert.equal(removed(), 1);
});
