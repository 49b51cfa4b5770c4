// `${{ env.X }}` gives the value the step's process sees: pipeline and step `env:` with their own
// expressions evaluated, not the text as written (a docker image name built from a param broke).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh } from './helpers/pipelines.js';

test('(unit) env.X in an expression is the evaluated pipeline and step env value', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-env-ctx-'));
  const p = pipeline(
    [
      sh('show', 'printf "%s|%s|%s\\n" "${{ env.IMAGE }}" "${{ env.TAG }}" "$TAG" > got.txt', {
        env: { TAG: '${{ env.IMAGE }}:${{ params.version }}' },
      }),
    ],
    {
      params: [{ name: 'registry', default: '127.0.0.1:5000' } as never, { name: 'version', default: '1.2' } as never],
      env: { IMAGE: '${{ params.registry }}/web' },
    },
  );
  const s = await runPipeline(p, { workspace: dir }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps));
  assert.equal(readFileSync(join(dir, 'got.txt'), 'utf8'), '127.0.0.1:5000/web|127.0.0.1:5000/web:1.2|127.0.0.1:5000/web:1.2\n');
});
