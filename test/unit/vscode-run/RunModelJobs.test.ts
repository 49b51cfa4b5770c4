import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import { RunModel } from '../../../src/vscode/run/RunModel.js';
import { TerminalRenderer } from '../../../src/vscode/run/TerminalRenderer.js';
import { groupStepsByJob } from '../../../src/core/views/runs/jobGroups.js';

test('(unit) run model: live steps carry their job from run-start and group like stored ones', () => {
  const m = new RunModel('r3');
  m.apply({
    runId: 'r3',
    time: 1,
    type: 'run-start',
    pipeline: 'p',
    params: {},
    trigger: 't',
    steps: ['prep', 'unit[node=18]', 'unit[node=20]'],
    jobs: { 'unit[node=18]': { job: 'test', jobKey: 'test[node=18]' }, 'unit[node=20]': { job: 'test', jobKey: 'test[node=20]' } },
  });
  m.apply({ runId: 'r3', time: 2, type: 'step-start', step: 'unit[node=20]', stepId: 'unit', attempt: 1, executor: 'local' });
  assert.equal(m.steps.get('prep')!.job, undefined);
  assert.equal(m.steps.get('unit[node=18]')!.jobKey, 'test[node=18]');
  const rows = groupStepsByJob([...m.steps.values()].map((s) => ({ step: s.key, status: s.status, job: s.job, jobKey: s.jobKey })));
  assert.deepEqual(
    rows.map((r) => (r.kind === 'step' ? r.step.step : `${r.id}:${r.status}`)),
    ['prep', 'test[node=18]:queued', 'test[node=20]:running'],
  );
});

test('(unit) real runner: a jobs pipeline reaches the run model and the terminal grouped by job instance', async () => {
  const parsed = parsePipeline(`version: 1
jobs:
  test:
    matrix: { n: [1, 2] }
    steps:
      a: { type: shell, with: { run: 'true' } }
      b: { type: shell, with: { run: 'exit 0' } }
`);
  const model = new RunModel('pending');
  const renderer = new TerminalRenderer({ color: false, statusLine: false });
  let out = '';
  const handle = runPipeline(parsed, { workspace: mkdtempSync(join(tmpdir(), 'ansflow-jobs-live-')), concurrency: 2 });
  handle.onEvent((e) => {
    model.apply(e);
    out += renderer.render(e);
  });
  assert.equal((await handle.done).status, 'success');
  assert.deepEqual(
    [...model.steps.values()].map((s) => `${s.key}@${s.jobKey}`),
    ['a[n=1]@test[n=1]', 'a[n=2]@test[n=2]', 'b[n=1]@test[n=1]', 'b[n=2]@test[n=2]'],
  );
  const lines = out.split('\r\n');
  assert.deepEqual(lines.filter((l) => l.startsWith('── job ')).sort(), ['── job test[n=1] ──', '── job test[n=2] ──']);
  const summary = lines.slice(lines.indexOf('Summary') + 1, -2).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
  assert.deepEqual(summary, ['✔ test[n=1]', '✔ a[n=1]', '✔ b[n=1]', '✔ test[n=2]', '✔ a[n=2]', '✔ b[n=2]']);
});
