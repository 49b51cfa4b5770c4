import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunHistory, RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import { pipeline, sh } from './helpers/pipelines.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-status-records-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs'), maxRuns: 5 });
  return { dir, store, history: new RunHistory(store) };
}

test('(unit) run store: records written before the status mapping read with GitHub conclusions', () => {
  const { store, history } = setup();
  const t = Date.now();
  // Exactly what an older runner wrote: rich states only, no outcome/conclusion fields.
  const old: RunEvent[] = [
    { type: 'step-start', runId: 'old1', time: t, step: 'build', stepId: 'build', attempt: 1, executor: 'local' },
    { type: 'step-end', runId: 'old1', time: t, step: 'build', stepId: 'build', status: 'timed-out', attempt: 1, exitCode: 124, durationMs: 5 },
    { type: 'step-end', runId: 'old1', time: t, step: 'cached', stepId: 'cached', status: 'up-to-date', attempt: 0, durationMs: 0 },
    { type: 'step-end', runId: 'old1', time: t, step: 'deploy', stepId: 'deploy', status: 'skipped', attempt: 0, durationMs: 0 },
    { type: 'run-end', runId: 'old1', time: t, status: 'failed', durationMs: 9 },
  ];
  const w = store.beginRun({ type: 'run-start', runId: 'old1', time: t, pipeline: 'p', params: {}, trigger: 'cli', steps: ['build', 'cached', 'deploy'] });
  for (const e of old) w.record(e);
  w.close();
  const rec = history.getRun('old1')!;
  assert.equal(rec.status, 'failed');
  assert.equal(rec.conclusion, 'failure');
  assert.equal(history.listRuns()[0]!.conclusion, 'failure');
  assert.deepEqual(
    rec.steps.map((s) => [s.step, s.status, s.outcome, s.conclusion]),
    [
      ['build', 'timed-out', 'failure', 'failure'],
      ['cached', 'up-to-date', 'success', 'success'],
      ['deploy', 'skipped', 'skipped', 'skipped'],
    ],
  );
});

test('(unit) run store: a stored step keeps outcome failure / conclusion success under continueOnError', async () => {
  const { dir, store, history } = setup();
  const s = await runPipeline(pipeline([sh('lint', 'exit 3', { continueOnError: true })]), { workspace: dir, store }).done;
  assert.equal(s.status, 'success');
  const lint = history.getRun(s.runId)!.steps[0]!;
  assert.deepEqual([lint.status, lint.outcome, lint.conclusion], ['failed', 'failure', 'success']);
});
