// The outputs file of each attempt: read only when the step wrote to it, then removed; one left
// empty goes back to the run's pool for a later attempt (no file created and removed per step), so
// the run folder holds about one file per running attempt; an attempt never gets its previous
// attempt's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

test('(unit) runner: written outputs are read and their file removed; an empty one is reused by the next attempt', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-outfile-'));
  const p = pipeline([
    sh('silent', 'echo "$ANSFLOW_OUTPUT" > "$ANSFLOW_WORKSPACE/silent"'),
    sh('writer', 'echo "$ANSFLOW_OUTPUT" > "$ANSFLOW_WORKSPACE/writer"; echo "v=1" >> "$ANSFLOW_OUTPUT"', { needs: ['silent'] }),
    sh('look', 'ls "$(dirname "$ANSFLOW_OUTPUT")" > "$ANSFLOW_WORKSPACE/left"; echo "$ANSFLOW_OUTPUT" > "$ANSFLOW_WORKSPACE/look"', { needs: ['writer'] }),
  ]);
  const summary = await runPipeline(p, { workspace: dir, logBatchMs: 5 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.deepEqual(summary.steps.find((s) => s.step === 'writer')!.outputs, { v: '1' });
  const path = (step: string) => readFileSync(join(dir, step), 'utf8').trim();
  // silent left its file empty: writer got the same one. writer wrote to it, so it was removed.
  assert.equal(path('writer'), path('silent'));
  assert.notEqual(path('look'), path('writer'));
  // Only the running step's own file is in the run folder.
  assert.deepEqual(readFileSync(join(dir, 'left'), 'utf8').split('\n').filter(Boolean), [path('look').split('/').pop()]);
});

test('(unit) runner: a retried attempt gets another outputs file than the attempt before it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-outfile-retry-'));
  const p = pipeline([sh('flaky', 'echo "$ANSFLOW_OUTPUT" >> "$ANSFLOW_WORKSPACE/paths"; [ "$ANSFLOW_ATTEMPT" = 3 ]', { retry: { max: 2, backoffMs: 0, exponential: false, onExitCodes: [] } })]);
  const summary = await runPipeline(p, { workspace: dir }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  const paths = readFileSync(join(dir, 'paths'), 'utf8').split('\n').filter(Boolean);
  assert.equal(paths.length, 3);
  assert.notEqual(paths[1], paths[0]);
  assert.notEqual(paths[2], paths[1]);
});
