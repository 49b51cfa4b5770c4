import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { jobDescription, jobLastStatus, jobTooltip, pipelineRows, type PipelineRow } from '../../../../../src/core/views/pipelines/pipelineRows.js';

const TEXT = `version: 1
steps:
  lint: { type: shell, with: { run: echo } }
jobs:
  build:
    steps:
      compile: { type: shell, with: { run: echo } }
  test:
    needs: [build]
    matrix: { node: [18, 20, 22], exclude: [{ node: 22 }] }
    steps:
      unit: { type: shell, with: { run: echo } }
      e2e: { type: shell, with: { run: echo } }
finally:
  clean: { type: shell, with: { run: echo } }
`;

const shape = (rows: PipelineRow[]) => rows.map((r) => (r.kind === 'step' ? r.step.id : `${r.job.name}: ${r.steps.map((s) => s.id).join(' ')}`));

test('(unit) pipelines view: steps outside jobs, then each job with its steps, then finally steps', () => {
  const parsed = parsePipeline(TEXT);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const rows = pipelineRows(parsed.pipeline);
  assert.deepEqual(shape(rows), ['lint', 'build: compile', 'test: unit e2e', 'clean']);
  const jobs = rows.filter((r) => r.kind === 'job');
  assert.deepEqual(jobs.map((r) => jobDescription(r.job, r.steps)), ['1 step', '2 steps × 2']);
  // A pipeline without jobs keeps its rows as before.
  assert.deepEqual(shape(pipelineRows(parsePipeline('version: 1\nsteps:\n  a: { type: shell, with: { run: x } }\n').pipeline)), ['a']);
});

test('(unit) pipelines view: a job shows the status its steps had in the last run', () => {
  const rows = pipelineRows(parsePipeline(TEXT).pipeline);
  const test = rows.find((r) => r.kind === 'job' && r.job.name === 'test') as Extract<PipelineRow, { kind: 'job' }>;
  assert.equal(jobLastStatus(test.steps, () => undefined), undefined);
  assert.equal(jobLastStatus(test.steps, (id) => ({ status: id === 'unit' ? 'success' : 'failed' })), 'failed');
  assert.equal(jobLastStatus(test.steps, (id) => (id === 'unit' ? { status: 'running' } : undefined)), 'running');
  // A tolerated failure (continueOnError) does not fail the job.
  assert.equal(jobLastStatus(test.steps, () => ({ status: 'failed', conclusion: 'success' })), 'success');
});

test('(unit) pipelines view: the tooltip of a job row names the job, the jobs it needs and the status of its last run', () => {
  const jobs = pipelineRows(parsePipeline(TEXT).pipeline).flatMap((r) => (r.kind === 'job' ? [r.job] : []));
  assert.deepEqual(
    jobs.map((j) => jobTooltip(j, j.name === 'test' ? 'failed' : undefined)),
    ['job build', 'job test\nneeds: build\nlast run: failed'],
  );
});
