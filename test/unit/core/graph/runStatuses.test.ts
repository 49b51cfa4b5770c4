import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeStatuses, withPaused } from '../../../../src/core/graph/runStatuses.js';

test('(unit) graph overlay: steps held by the debugger show paused over their run status; the rest keep theirs', () => {
  const run = nodeStatuses([
    { stepId: 'a', status: 'success' },
    { stepId: 'b', status: 'queued' },
    { stepId: 'c', status: 'failed' },
  ]);
  assert.deepEqual(withPaused(run, ['b', 'c', 'd']), { a: 'succeeded', b: 'paused', c: 'paused', d: 'paused' });
  assert.deepEqual(withPaused(run, []), run);
  // The run's own record is left as it was.
  assert.equal(run.b, 'queued');
});
