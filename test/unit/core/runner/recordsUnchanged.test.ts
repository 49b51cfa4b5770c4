// The per-step start path was trimmed for speed (bench/README.md, round 6): the stored records and the
// environment a step's process sees must stay what they were. The expected values below were taken
// from a run of this pipeline on the tree before that change (a0fec87); only times, durations and
// run-specific paths are normalised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';

const PIPELINE = `version: 1
name: records
env: { PV: p }
steps:
  a:
    type: shell
    env: { SV: "\${{ env.PV }}-s" }
    matrix: { n: [1, 2] }
    with: { run: 'echo "v=\${{ matrix.n }}-$SV" >> "$ANSFLOW_OUTPUT"' }
  b:
    needs: a
    type: shell
    retry: { max: 1 }
    timeout: 1m
    with: { run: '[ "$ANSFLOW_ATTEMPT" = 2 ] || { echo "x=1" >> "$ANSFLOW_OUTPUT"; exit 3; }' }
  c:
    needs: b
    type: shell
    name: "see \${{ steps.b.outputs.x }}"
    continueOnError: true
    with: { run: exit 4 }
  d:
    needs: c
    type: shell
    if: \${{ false }}
    with: { run: "true" }
  e:
    needs: c
    type: shell
    env: { SV: e }
    with: { run: env }
`;

/** The records of `run.jsonl` with what changes from run to run replaced. */
function normalised(text: string, runId: string, workspace: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line.split(runId).join('RUN').split(workspace).join('WS')) as Record<string, unknown>)
    .map((r) => {
      for (const k of ['time', 'durationMs']) if (k in r) r[k] = 0;
      return r;
    });
}

const EXPECTED_RECORDS = [
  { type: 'run-start', runId: 'RUN', time: 0, pipeline: 'records', params: {}, trigger: 'api', steps: ['a[n=1]', 'a[n=2]', 'b', 'c', 'd', 'e'] },
  { type: 'step-queued', runId: 'RUN', time: 0, step: 'a[n=1]', stepId: 'a', matrix: { n: 1 } },
  { type: 'step-queued', runId: 'RUN', time: 0, step: 'a[n=2]', stepId: 'a', matrix: { n: 2 } },
  { type: 'step-start', runId: 'RUN', time: 0, step: 'a[n=1]', stepId: 'a', attempt: 1, executor: 'local' },
  { type: 'step-output', runId: 'RUN', time: 0, step: 'a[n=1]', name: 'v', value: '1-p-s' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'a[n=1]', stepId: 'a', status: 'success', attempt: 1, exitCode: 0, durationMs: 0, outcome: 'success', conclusion: 'success' },
  { type: 'step-start', runId: 'RUN', time: 0, step: 'a[n=2]', stepId: 'a', attempt: 1, executor: 'local' },
  { type: 'step-output', runId: 'RUN', time: 0, step: 'a[n=2]', name: 'v', value: '2-p-s' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'a[n=2]', stepId: 'a', status: 'success', attempt: 1, exitCode: 0, durationMs: 0, outcome: 'success', conclusion: 'success' },
  { type: 'step-queued', runId: 'RUN', time: 0, step: 'b', stepId: 'b' },
  { type: 'step-start', runId: 'RUN', time: 0, step: 'b', stepId: 'b', attempt: 1, executor: 'local' },
  { type: 'step-output', runId: 'RUN', time: 0, step: 'b', name: 'x', value: '1' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'b', stepId: 'b', status: 'failed', attempt: 1, exitCode: 3, durationMs: 0, reason: 'exited with code 3', outcome: 'failure', conclusion: 'failure' },
  { type: 'step-start', runId: 'RUN', time: 0, step: 'b', stepId: 'b', attempt: 2, executor: 'local' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'b', stepId: 'b', status: 'success', attempt: 2, exitCode: 0, durationMs: 0, outcome: 'success', conclusion: 'success' },
  { type: 'step-queued', runId: 'RUN', time: 0, step: 'c', stepId: 'c', name: 'see 1' },
  { type: 'step-start', runId: 'RUN', time: 0, step: 'c', stepId: 'c', attempt: 1, executor: 'local' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'c', stepId: 'c', status: 'failed', attempt: 1, exitCode: 4, durationMs: 0, reason: 'exited with code 4', outcome: 'failure', conclusion: 'success' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'd', stepId: 'd', status: 'skipped', attempt: 0, durationMs: 0, reason: 'condition was false: ${{ false }}', outcome: 'skipped', conclusion: 'skipped' },
  { type: 'step-queued', runId: 'RUN', time: 0, step: 'e', stepId: 'e' },
  { type: 'step-start', runId: 'RUN', time: 0, step: 'e', stepId: 'e', attempt: 1, executor: 'local' },
  { type: 'step-end', runId: 'RUN', time: 0, step: 'e', stepId: 'e', status: 'success', attempt: 1, exitCode: 0, durationMs: 0, outcome: 'success', conclusion: 'success' },
  { type: 'run-end', runId: 'RUN', time: 0, status: 'success', conclusion: 'success', durationMs: 0 },
];

/** The runner's variables and the declared ones (sorted: how the spawn helper orders the environment is its own business). */
const EXPECTED_ENV = ['ANSFLOW=1', 'ANSFLOW_ATTEMPT=1', 'ANSFLOW_OUTPUT', 'ANSFLOW_RUN_ID=RUN', 'ANSFLOW_STEP=e', 'ANSFLOW_STEP_ID=e', 'ANSFLOW_WORKSPACE=WS', 'PV=p', 'SV=e'];

test('(unit) runner: records and a step environment with env, matrix, outputs, retry, timeout, continueOnError and if are as before the start path was trimmed', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'ansflow-records-'));
  const store = new RunStore({ root: join(workspace, '.ansflow', 'runs') });
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workspace };
  const s = await runPipeline(parsePipeline(PIPELINE), { workspace, store, concurrency: 1, baseEnv }).done;
  assert.equal(s.status, 'success');
  const dir = store.runDir(s.runId);
  assert.deepEqual(normalised(readFileSync(join(dir, 'run.jsonl'), 'utf8'), s.runId, workspace), EXPECTED_RECORDS);
  // Keys in order too: deepEqual does not compare key order, the records' text does.
  assert.equal(JSON.stringify(normalised(readFileSync(join(dir, 'run.jsonl'), 'utf8'), s.runId, workspace)), JSON.stringify(EXPECTED_RECORDS));
  const env = readFileSync(join(dir, 'logs', 'e.log'), 'utf8')
    .split('\n')
    .filter((l) => /^(ANSFLOW|PV=|SV=)/.test(l))
    .map((l) => (l.startsWith('ANSFLOW_OUTPUT=') ? 'ANSFLOW_OUTPUT' : l.split(s.runId).join('RUN').split(workspace).join('WS')))
    .sort();
  assert.deepEqual(env, EXPECTED_ENV);
});
