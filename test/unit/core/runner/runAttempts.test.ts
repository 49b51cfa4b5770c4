// The outputs file of each attempt: read only when the step wrote to it, and gone once the attempt ended
// either way (the run folder is shared by the run's steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

test('(unit) runner: an attempt\'s outputs file is removed after the attempt, written to or not; written outputs are read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-outfile-'));
  const p = pipeline([
    sh('silent', 'true;'),
    sh('writer', 'echo "v=1" >> "$ANSFLOW_OUTPUT"', { needs: ['silent'] }),
    sh('look', 'ls "$(dirname "$ANSFLOW_OUTPUT")" > "$ANSFLOW_WORKSPACE/left"', { needs: ['writer'] }),
  ]);
  const summary = await runPipeline(p, { workspace: dir, logBatchMs: 5 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.deepEqual(summary.steps.find((s) => s.step === 'writer')!.outputs, { v: '1' });
  // Only the running step's own file is left in the run folder.
  assert.deepEqual(readFileSync(join(dir, 'left'), 'utf8').split('\n').filter(Boolean), ['look-1.out']);
});
