// (unit) A run's step logs as merged-log sources, read from a real run store in a temp folder:
// what a step had written is stamped with the step's start, lines written while the run goes on
// arrive as they are written, and the sources end with the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getEventListeners } from 'node:events';
import { RunStore } from '../../../../src/core/runner/store/RunStore.js';
import { LogMerger } from '../../../../src/core/logs/LogMerger.js';
import { runStepSources } from '../../../../src/core/logs/sources/runStepSources.js';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`never: ${what}`);
}

test('(unit) logs: a run\'s steps merge from the run store, by step start, then live until the run ends', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'ansflow-logs-run-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const store = new RunStore({ root });
  const T = Date.parse('2026-12-01T10:00:00Z');
  const w = store.beginRun({ type: 'run-start', runId: 'r1', time: T, pipeline: 'p', params: {}, trigger: 'test', steps: ['build', 'test'] });
  w.record({ type: 'step-start', runId: 'r1', time: T + 2000, step: 'test', stepId: 'test', attempt: 1, executor: 'local' });
  w.record({ type: 'step-start', runId: 'r1', time: T + 1000, step: 'build', stepId: 'build', attempt: 1, executor: 'local' });
  w.appendLog('test', 'test one\ntest two\n');
  w.appendLog('build', 'build one\r\nbuild two\n');

  const merger = new LogMerger({ windowMs: 0, autoFlush: false });
  t.after(() => merger.dispose());
  for (const s of runStepSources(root, 'r1', { pollMs: 5 })) merger.add(s);
  await until(() => merger.stats().received === 4, 'the lines already written');
  merger.flush();
  assert.deepEqual(merger.ring.all().map((l) => `${l.source}|${l.text}`), ['run:r1/build|build one', 'run:r1/build|build two', 'run:r1/test|test one', 'run:r1/test|test two']);
  assert.equal(merger.ring.all()[0].t, T + 1000);

  w.appendLog('test', 'test three\n');
  await until(() => merger.stats().received === 5, 'a line written while the run goes on');
  w.record({ type: 'step-end', runId: 'r1', time: T + 3000, step: 'test', stepId: 'test', status: 'success', attempt: 1, durationMs: 1000 });
  w.record({ type: 'step-end', runId: 'r1', time: T + 3000, step: 'build', stepId: 'build', status: 'success', attempt: 1, durationMs: 2000 });
  w.record({ type: 'run-end', runId: 'r1', time: T + 3000, status: 'success', durationMs: 3000 });
  w.close();
  await until(() => merger.sources().every((s) => s.state === 'ended'), 'every step source ends with the run');
  merger.flush();
  assert.equal(merger.ring.all().at(-1)!.text, 'test three');
  assert.throws(() => runStepSources(root, 'nope'), /Run nope is not in the run store/);
});

test('(unit) logs: a step source polling a running step keeps one abort listener, not one per poll', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'ansflow-logs-poll-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const store = new RunStore({ root });
  const w = store.beginRun({ type: 'run-start', runId: 'r2', time: Date.now(), pipeline: 'p', params: {}, trigger: 'test', steps: ['quiet'] });
  w.record({ type: 'step-start', runId: 'r2', time: Date.now(), step: 'quiet', stepId: 'quiet', attempt: 1, executor: 'local' });
  t.after(() => w.close());
  const [source] = runStepSources(root, 'r2', { pollMs: 1 });
  const abort = new AbortController();
  const lines = source!.lines({ signal: abort.signal, status: () => {} })[Symbol.asyncIterator]();
  const next = lines.next();
  // About a hundred polls of an empty log while the run runs.
  await new Promise((r) => setTimeout(r, 150));
  const listeners = getEventListeners(abort.signal, 'abort').length;
  abort.abort();
  assert.deepEqual(await next, { done: true, value: undefined });
  assert.ok(listeners <= 1, `${listeners} abort listeners after polling`);
});
