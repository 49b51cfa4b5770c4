import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

const PIPELINE = `version: 1
steps:
  prep:
    type: shell
    with: { run: 'true' }
jobs:
  test:
    needs: [prep]
    matrix: { n: [1, 2] }
    steps:
      a:
        type: shell
        with: { run: 'true' }
      b:
        type: shell
        with: { run: 'true' }
`;

test('(unit) ansflow history: a run with jobs lists each step with its job (JOB column; job and jobKey in --format json)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-history-jobs-'));
  writeFileSync(join(dir, 'p.ansflow.yaml'), PIPELINE);
  const run = memoryIO(dir, { PATH: process.env.PATH });
  assert.equal(await runCli(['run', 'p.ansflow.yaml'], run), 0, run.err());

  const text = memoryIO(dir);
  assert.equal(await runCli(['history', 'latest'], text), 0, text.err());
  const rows = text
    .out()
    .split('\n')
    .filter((l) => /^(JOB|prep|test|\s+prep)/.test(l) || /\b(a|b)\[n=/.test(l))
    .map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
  assert.deepEqual(rows, ['JOB STEP', 'prep success', 'test[n=1] a[n=1]', 'test[n=1] b[n=1]', 'test[n=2] a[n=2]', 'test[n=2] b[n=2]']);

  const json = memoryIO(dir);
  assert.equal(await runCli(['history', 'latest', '--format', 'json'], json), 0, json.err());
  const steps = (JSON.parse(json.out()) as { steps: Array<{ step: string; job?: string; jobKey?: string }> }).steps;
  assert.deepEqual(steps.find((s) => s.step === 'b[n=2]'), { ...steps.find((s) => s.step === 'b[n=2]'), job: 'test', jobKey: 'test[n=2]' });
  assert.equal(steps.find((s) => s.step === 'prep')!.job, undefined);
});
