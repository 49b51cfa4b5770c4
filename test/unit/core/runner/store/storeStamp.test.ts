// RunStore.stamp: what a reader polls when file events can miss the store (the graph editor follows CLI
// runs with it). It must change on every index line and, for a given run, on every record appended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../../../src/core/runner/index.js';

test('(unit) run store stamp: steady without changes, moves with the index and with the followed run records', () => {
  const store = new RunStore({ root: join(mkdtempSync(join(tmpdir(), 'ansflow-stamp-')), '.ansflow', 'runs') });
  // No store yet: a stable value, no throw.
  assert.equal(store.stamp(), store.stamp());
  assert.equal(store.stamp('r1'), store.stamp('r1'));
  const none = store.stamp();

  const w = store.beginRun({ type: 'run-start', runId: 'r1', time: Date.now(), pipeline: 'p', params: {}, trigger: 'cli', steps: ['a'] });
  const started = store.stamp();
  assert.notEqual(started, none, 'the first index line moves the stamp');
  const followed = store.stamp('r1');
  assert.equal(store.stamp('r1'), followed, 'nothing written: same stamp');

  // A record in the run's file (the index unchanged) moves the followed stamp only.
  w.record({ type: 'step-start', runId: 'r1', time: Date.now(), step: 'a', stepId: 'a', attempt: 1, executor: 'local' });
  assert.equal(store.stamp(), started);
  assert.notEqual(store.stamp('r1'), followed);
  w.close();
});
