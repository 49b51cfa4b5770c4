// A step type's `raw` keys are substituted by the step itself, but the up-to-date check must still see
// their values: a changed parameter inside a raw key means the step runs again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, runPipeline } from '../../../../../src/core/runner/index.js';
import { BUILTIN_STEP_TYPES } from '../../../../../src/core/runner/steps/eagerStepTypes.js';
import type { StepType } from '../../../../../src/core/contracts/StepType.js';
import { pipeline, step } from '../helpers/pipelines.js';

const R = { start: 0, end: 0 };

test('(unit) raw with keys: a changed value inside a raw key is a changed cache fingerprint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-rawcache-'));
  writeFileSync(join(dir, 'src.txt'), 'x');
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
  const seen: unknown[] = [];
  const echo: StepType = { type: 'test.raw', withValues: { command: 'raw' }, run: async (ctx) => (seen.push(ctx.evaluate?.('params.v')), { exitCode: 0 }) };
  const stepTypes = new Map([...BUILTIN_STEP_TYPES, [echo.type, echo]]);
  const mk = () =>
    pipeline([step('s', { type: 'test.raw', with: { command: 'echo ${{ params.v }}' }, cache: { sources: ['src.txt'], generates: [] } })], {
      params: [{ name: 'v', type: 'string', default: 'a', required: false, range: R, nameRange: R }],
    });
  const status = async (v: string) => (await runPipeline(mk(), { workspace: dir, store, stepTypes, params: { v } }).done).steps[0]!.status;
  assert.equal(await status('a'), 'success');
  assert.equal(await status('a'), 'up-to-date');
  assert.equal(await status('b'), 'success', 'a new value in a raw key was treated as up to date');
  assert.deepEqual(seen, ['a', 'b']);
});
