// The attempt's $ANSFLOW_OUTPUT file is created by the executor as the step's first process starts
// (the fork helper, in the same request as the spawn): a later process of the same attempt finds
// what the first wrote, a step that starts no process gets no file, and outputs still flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepType } from '../../../../../src/core/contracts/StepType.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { pipeline, step } from '../helpers/pipelines.js';

test('(unit) runner: two processes of one attempt share its outputs file; the second does not truncate the first one\'s lines', async () => {
  const twice: StepType = {
    type: 'twice',
    async run(ctx) {
      for (const line of ['a=1', 'b=2']) {
        const r = await ctx.executor.run({ command: 'bash', args: ['-c', `echo ${line} >> "$ANSFLOW_OUTPUT"`], env: ctx.env, cwd: ctx.cwd }, ctx);
        if (r.exitCode) return { exitCode: r.exitCode };
      }
      return { exitCode: 0 };
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-outfile-twice-'));
  const s = await runPipeline(pipeline([step('t', { type: 'twice' })]), { workspace: dir, stepTypes: new Map([['twice', twice]]) }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps.map((x) => x.reason)));
  assert.deepEqual(s.steps[0]!.outputs, { a: '1', b: '2' });
});

test('(unit) runner: a step that starts no process gets no outputs file, and its $ANSFLOW_OUTPUT names a path in the run folder', async () => {
  let seen: { path: string; exists: boolean } | undefined;
  const inProcess: StepType = {
    type: 'in-process',
    async run(ctx) {
      seen = { path: ctx.env.ANSFLOW_OUTPUT!, exists: existsSync(ctx.env.ANSFLOW_OUTPUT!) };
      return { exitCode: 0 };
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-outfile-none-'));
  const s = await runPipeline(pipeline([step('p', { type: 'in-process' })]), { workspace: dir, stepTypes: new Map([['in-process', inProcess]]) }).done;
  assert.equal(s.status, 'success');
  assert.match(seen!.path, /ansflow-run-[^/]*\/out-\d+\.out$/);
  assert.equal(seen!.exists, false);
});
