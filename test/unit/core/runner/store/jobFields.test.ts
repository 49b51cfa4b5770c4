// The run store records each step instance's job and job instance; runs recorded before jobs still read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { RunHistory, RunStore, runPipeline } from '../../../../../src/core/runner/index.js';

const pipeline = `version: 1
steps:
  prep:
    type: shell
    with: { run: 'true' }
jobs:
  test:
    needs: [prep]
    matrix: { node: [18, 20] }
    steps:
      unit:
        type: shell
        with: { run: 'true' }
  plain:
    steps:
      lint:
        type: shell
        with: { run: 'true' }
`;

test('(unit) run store: step records carry their job and matrix job instance', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-jobfields-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs'), maxRuns: 5 });
  const parsed = parsePipeline(pipeline);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const summary = await runPipeline(parsed, { workspace: dir, store }).done;
  assert.equal(summary.status, 'success');
  const run = new RunHistory(store).getRun('latest')!;
  const byStep = Object.fromEntries(run.steps.map((s) => [s.step, { job: s.job, jobKey: s.jobKey }]));
  assert.deepEqual(byStep, {
    prep: { job: undefined, jobKey: undefined },
    'unit[node=18]': { job: 'test', jobKey: 'test[node=18]' },
    'unit[node=20]': { job: 'test', jobKey: 'test[node=20]' },
    lint: { job: 'plain', jobKey: undefined },
  });
});

test('(unit) run store: a run recorded before jobs existed reads without job fields', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-jobfields-old-'));
  const root = join(dir, '.ansflow', 'runs');
  const store = new RunStore({ root, maxRuns: 5 });
  const runId = 'old-run-1';
  mkdirSync(store.runDir(runId), { recursive: true });
  const t = 1_700_000_000_000;
  const records = [
    { type: 'run-start', runId, time: t, pipeline: 'old', params: {}, trigger: 'cli', steps: ['a'] },
    { type: 'step-start', runId, time: t + 1, step: 'a', stepId: 'a', attempt: 1, executor: 'local' },
    { type: 'step-end', runId, time: t + 2, step: 'a', stepId: 'a', status: 'success', attempt: 1, durationMs: 1 },
    { type: 'run-end', runId, time: t + 3, status: 'success', durationMs: 3 },
  ];
  writeFileSync(join(store.runDir(runId), 'run.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(root, 'index.jsonl'), JSON.stringify({ runId, pipeline: 'old', startedAt: t, status: 'success', endedAt: t + 3 }) + '\n');
  const run = new RunHistory(store).getRun(runId)!;
  assert.equal(run.steps[0]!.status, 'success');
  assert.ok(!('job' in run.steps[0]!) && !('jobKey' in run.steps[0]!));
});
