import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerialByKey } from '../../../../src/core/util/serialByKey.js';

/** A work function whose runs finish when the test says so. */
function gatedWork() {
  const started: string[] = [];
  const gates: Array<() => void> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const work = async (key: string) => {
    started.push(key);
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise<void>((r) => gates.push(r));
    concurrent--;
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setTimeout(r, 0));
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { work, started, release, max: () => maxConcurrent };
}

test('(unit) serial by key: a burst of 500 events for 3 keys runs each key once, one at a time, in first-asked order', async () => {
  const w = gatedWork();
  const q = new SerialByKey(w.work);
  for (let i = 0; i < 500; i++) q.schedule(['a', 'b', 'c'][i % 3]!);
  // 'a' started at once; asking for it again while it runs queues it once more.
  assert.deepEqual(w.started, ['a']);
  assert.equal(q.size, 3);
  for (let i = 0; i < 4; i++) await w.release();
  await q.idle();
  assert.deepEqual(w.started, ['a', 'b', 'c', 'a']);
  assert.equal(w.max(), 1);
});

test('(unit) serial by key: a key asked for again while it runs runs once more afterwards (its input may have changed)', async () => {
  const w = gatedWork();
  const q = new SerialByKey(w.work);
  q.schedule('f');
  q.schedule('f');
  q.schedule('f');
  await w.release();
  await w.release();
  await q.idle();
  assert.deepEqual(w.started, ['f', 'f']);
});

test('(unit) serial by key: a failing run is reported and the queue goes on; nothing runs after dispose', async () => {
  const seen: string[] = [];
  const errors: string[] = [];
  const q = new SerialByKey<string>(
    async (k) => {
      seen.push(k);
      if (k === 'bad') throw new Error('boom');
    },
    (k, e) => errors.push(`${k}: ${(e as Error).message}`),
  );
  q.schedule('bad');
  q.schedule('good');
  await q.idle();
  assert.deepEqual(seen, ['bad', 'good']);
  assert.deepEqual(errors, ['bad: boom']);
  q.dispose();
  q.schedule('late');
  await q.idle();
  assert.deepEqual(seen, ['bad', 'good']);
});
