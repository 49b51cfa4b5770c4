// A step's environment is built with the expression context made only when a value holds `${{ }}`
// (the usual step has none): what expressions see must still be the layers so far and the runner's
// variables (never the process environment: it may hold credentials), and each step must still get
// its own values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { evaluateEnvLayers } from '../../../../src/core/runner/stepContext.js';
import type { ExpressionContext } from '../../../../src/core/runner/pipelineApi.js';
import { pipeline, sh } from './helpers/pipelines.js';

const expr: ExpressionContext = {
  params: { p: 'P' },
  env: {},
  secrets: {},
  steps: {},
  matrix: {},
  run: { id: 'r' },
  pipeline: { status: 'success' },
  state: { failed: false, cancelled: false },
};

test('(unit) env layers: a value after plain ones sees the earlier layers and the runner variables, never the base', () => {
  const env = evaluateEnvLayers(
    { HOME: '/h', A: 'base', KEEP: 'k' },
    [
      { A: 'plain', B: '${{ env.A }}-${{ env.HOME }}-${{ env.ANSFLOW_STEP }}-${{ params.p }}' },
      { C: 'plain2', D: '${{ env.C }}/${{ env.B }}', ANSFLOW_STEP: 'set-by-layer', E: '${{ env.ANSFLOW_STEP }}' },
    ],
    expr,
    { ANSFLOW_STEP: 's1' },
  );
  assert.deepEqual(env, { HOME: '/h', A: 'plain', KEEP: 'k', B: 'plain--s1-P', C: 'plain2', D: 'plain2/plain--s1-P', ANSFLOW_STEP: 'set-by-layer', E: 's1' });
});

test('(unit) env layers: plain values are copied as written; a bad expression throws, or stays as written when lenient', () => {
  assert.deepEqual(evaluateEnvLayers({}, [{ N: 3, S: 'a $HOME b' }], expr, {}), { N: '3', S: 'a $HOME b' });
  assert.throws(() => evaluateEnvLayers({}, [{ X: '${{ nosuch( }}' }], expr, {}));
  assert.deepEqual(evaluateEnvLayers({}, [{ X: '${{ nosuch( }}', Y: 'y' }], expr, {}, true), { X: '${{ nosuch( }}', Y: 'y' });
});

test('(unit) each step gets its own environment values when most steps have no expression', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-step-env-'));
  const show = 'echo "v=$V|$W|$PLAIN|$ANSFLOW_STEP" >> "$ANSFLOW_OUTPUT"';
  const p = pipeline(
    [
      sh('a', show, { env: { V: '${{ env.ANSFLOW_STEP }}-${{ params.n }}', W: 'wa' } }),
      sh('b', show, { env: { W: 'wb' } }),
      sh('c', show, { env: { W: 'wc', V: '${{ env.PLAIN }}+${{ env.W }}' } }),
    ],
    { env: { PLAIN: 'pipe' }, params: [{ name: 'n', default: '7' } as never] },
  );
  const s = await runPipeline(p, { workspace: dir, concurrency: 2, baseEnv: { PATH: process.env.PATH ?? '', V: 'from-base' } }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps));
  const v = Object.fromEntries(s.steps.map((x) => [x.step, x.outputs.v]));
  assert.deepEqual(v, { a: 'a-7|wa|pipe|a', b: 'from-base|wb|pipe|b', c: 'pipe+wc|wc|pipe|c' });
});
