// (unit) RefreshGate: tree refreshes never start while the view is fetching children, are spaced, and
// requests made meanwhile are merged (see the file comment in src/core/views/refreshGate.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshGate, type GateClock } from '../../../../src/core/views/refreshGate.js';

/** A clock whose timers run only when the test says so. */
function manualClock(): GateClock & { run(): void; pending(): number } {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn) => {
      timers.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    run() {
      const due = [...timers.entries()];
      timers.clear();
      for (const [, fn] of due) fn();
    },
    pending: () => timers.size,
  };
}

test('(unit) refresh gate: a refresh waits for the running fetch, then goes once with every row asked for', async () => {
  const clock = manualClock();
  const fired: Array<string[] | undefined> = [];
  const gate = new RefreshGate<string>((rows) => fired.push(rows), 300, clock);
  let finish!: () => void;
  const fetch = gate.fetch(() => new Promise<string[]>((r) => (finish = () => r(['pod']))));
  gate.request(['pods']);
  gate.request(['pods', 'deployments']);
  assert.deepEqual(fired, [], 'nothing while the fetch runs');
  finish();
  await fetch;
  assert.deepEqual(fired, [], 'not in the same turn as the fetch (its rows are registered first)');
  clock.run();
  assert.deepEqual(fired, [['pods', 'deployments']]);
});

test('(unit) refresh gate: refreshes are spaced; a whole-tree request absorbs row requests', () => {
  const clock = manualClock();
  const fired: Array<string[] | undefined> = [];
  const gate = new RefreshGate<string>((rows) => fired.push(rows), 300, clock);
  gate.request(['a']);
  assert.deepEqual(fired, [['a']], 'a quiet view refreshes at once');
  gate.request(['b']);
  gate.request();
  gate.request(['c']);
  assert.equal(fired.length, 1, 'held until the spacing has passed');
  clock.run();
  assert.deepEqual(fired, [['a'], undefined]);
  clock.run();
  assert.equal(fired.length, 2, 'nothing left over');
  gate.dispose();
  gate.request(['d']);
  assert.equal(fired.length, 2);
  assert.equal(clock.pending(), 0);
});
