// A missing tool is not retried, and a missing working directory says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

const ws = () => mkdtempSync(join(tmpdir(), 'ansflow-exit-'));
const retry = { max: 3, backoffMs: 1, exponential: false, onExitCodes: [] as number[] };

test('(unit) exit codes: a missing tool (127, binary not found, no interpreter) is not retried', async () => {
  const summary = await runPipeline(
    pipeline([
      sh('direct', 'ansflow-no-such-tool-xyz --version', { retry }),
      sh('inshell', 'echo start; ansflow-no-such-tool-xyz --version', { retry }),
      step('py', { type: 'python', with: { script: 'pass', interpreter: 'ansflow-no-such-python' }, retry }),
      sh('flaky', 'exit 3', { retry }),
    ]),
    { workspace: ws(), logBatchMs: 5 },
  ).done;
  const by = Object.fromEntries(summary.steps.map((s) => [s.step, s]));
  for (const id of ['direct', 'inshell', 'py']) {
    assert.equal(by[id]!.status, 'failed', id);
    assert.equal(by[id]!.attempts, 1, `${id} was retried: ${JSON.stringify(by[id])}`);
  }
  // Other failures are still retried.
  assert.equal(by.flaky!.attempts, 4);
});

test('(unit) exit codes: a retry that names 127 in onExitCodes still retries it', async () => {
  const summary = await runPipeline(pipeline([sh('asked', 'exit 127', { retry: { ...retry, max: 1, onExitCodes: [127] } })]), { workspace: ws(), logBatchMs: 5 }).done;
  assert.equal(summary.steps[0]!.attempts, 2);
});

test('(unit) exit codes: a missing workingDirectory says so instead of "exited with code 127"', async () => {
  const dir = ws();
  const summary = await runPipeline(
    pipeline([
      sh('plain', 'echo hi', { workingDirectory: 'no/such/folder' }),
      sh('script', 'echo hi\necho there', { workingDirectory: 'missing' }),
      step('py', { type: 'python', with: { script: 'print(1)' }, workingDirectory: 'missing' }),
    ]),
    { workspace: dir, logBatchMs: 5 },
  ).done;
  for (const s of summary.steps) {
    assert.equal(s.status, 'failed', s.step);
    assert.match(s.reason ?? '', /working directory '.*(no\/such\/folder|missing)' does not exist/, `${s.step}: ${s.reason}`);
    assert.doesNotMatch(s.reason ?? '', /127|not found/, `${s.step}: ${s.reason}`);
  }
});
