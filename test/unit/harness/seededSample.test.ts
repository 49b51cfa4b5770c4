// A failing fast-check sample must say how to replay it: fc.assert prints its seed, fc.sample does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { withSeededSample } from '../helpers/seededSample.js';

test('(unit) a failing seeded sample names its seed, and ANSFLOW_FC_SEED replays the same values', async () => {
  let seen: number[] = [];
  const failure = await withSeededSample(fc.nat(), 5, (values) => {
    seen = values;
    assert.fail('boom');
  }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(failure, 'the failure is not swallowed');
  const seed = /seed (-?\d+) \(replay: ANSFLOW_FC_SEED=\1\): boom/.exec(failure.message)?.[1];
  assert.ok(seed, failure.message);
  assert.equal((failure.cause as Error).message, 'boom');

  const before = process.env.ANSFLOW_FC_SEED;
  process.env.ANSFLOW_FC_SEED = seed;
  try {
    let replayed: number[] = [];
    await withSeededSample(fc.nat(), 5, (values) => {
      replayed = values;
    });
    assert.deepEqual(replayed, seen);
  } finally {
    if (before === undefined) delete process.env.ANSFLOW_FC_SEED;
    else process.env.ANSFLOW_FC_SEED = before;
  }
});
