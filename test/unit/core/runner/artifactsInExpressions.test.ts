// `${{ env.ANSFLOW_ARTIFACTS }}` (and the other ANSFLOW_* variables known before a step starts) in
// a step's `with` and `env:` give the same values the step's process sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

test('(unit) env.ANSFLOW_ARTIFACTS and the other ANSFLOW_* variables are known when with and env are evaluated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-artifacts-expr-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
  const p = pipeline(
    [
      sh('build', 'echo made > out.txt', { artifacts: ['out.txt'] }),
      sh(
        'deploy',
        [
          'cat "${{ env.ANSFLOW_ARTIFACTS }}/build/out.txt" > got.txt',
          'test "${{ env.ANSFLOW_ARTIFACTS }}" = "$ANSFLOW_ARTIFACTS" && test "$FROM_ENV" = "$ANSFLOW_ARTIFACTS" && echo same >> got.txt',
          'echo "${{ env.ANSFLOW_STEP }} ${{ env.ANSFLOW_STEP_ID }} ${{ env.ANSFLOW }}" >> got.txt',
          'test "${{ env.ANSFLOW_RUN_ID }}" = "$ANSFLOW_RUN_ID" && test "${{ env.ANSFLOW_WORKSPACE }}" = "$ANSFLOW_WORKSPACE" && echo run >> got.txt',
        ].join('\n'),
        { needs: ['build'], env: { FROM_ENV: '${{ env.ANSFLOW_ARTIFACTS }}' } },
      ),
    ],
    { file: join(dir, 'p.ansflow.yaml') },
  );
  const s = await runPipeline(p, { workspace: dir, store }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps));
  assert.equal(readFileSync(join(dir, 'got.txt'), 'utf8'), 'made\nsame\ndeploy deploy 1\nrun\n');
});
