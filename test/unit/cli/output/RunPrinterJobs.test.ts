import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunPrinter } from '../../../../src/cli/output/RunPrinter.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';

const base = { runId: 'r', time: 0 };
const start = (step: string): RunEvent => ({ ...base, type: 'step-start', step, stepId: step.replace(/\[.*$/, ''), attempt: 1, executor: 'local' });

test('(unit) run printer: a header when a job instance starts its first step; the summary grouped by job behind a JOB column', () => {
  const p = new RunPrinter({ color: false, footer: false });
  const out = [
    { ...base, type: 'run-start', pipeline: 'p', params: {}, trigger: 'cli', steps: ['prep', 'a[n=1]', 'a[n=2]', 'b[n=1]', 'b[n=2]'], jobs: { 'a[n=1]': { job: 't', jobKey: 't[n=1]' }, 'a[n=2]': { job: 't', jobKey: 't[n=2]' }, 'b[n=1]': { job: 't', jobKey: 't[n=1]' }, 'b[n=2]': { job: 't', jobKey: 't[n=2]' }, gate: { job: 'deploy' } } },
    start('prep'),
    start('a[n=1]'),
    start('a[n=2]'),
    start('b[n=1]'),
    { ...base, type: 'approval-requested', step: 'gate', message: "Run 'gate'?", approvers: [] },
    start('gate'),
  ]
    .map((e) => p.render(e as RunEvent))
    .join('');
  assert.deepEqual(out.split('\n').filter((l) => l.startsWith('── job')), ['── job t[n=1] ──', '── job t[n=2] ──', '── job deploy ──']);
  assert.match(out, /── job t\[n=1\] ──\na\[n=1\]\s+│ ▶ start/);
  // A manual gate on a job's first step asks before it starts: the question sits under its own job's header.
  assert.match(out, /── job deploy ──\ngate\s+│ ⏸ waiting for approval/);
  const step = { attempts: 1, durationMs: 10, outputs: {}, isFinally: false, status: 'success' as const };
  // Finishing order interleaves the two job instances; the table puts each instance's steps together.
  const s = p.summary({ runId: 'r', status: 'success', durationMs: 50, steps: ['prep', 'a[n=1]', 'a[n=2]', 'b[n=1]', 'b[n=2]'].map((k) => ({ ...step, step: k, stepId: k.replace(/\[.*$/, '') })) });
  const lines = s.trim().split('\n').slice(0, 6).map((l) => l.replace(/\s+/g, ' ').trim());
  assert.deepEqual(lines, ['JOB STEP STATUS ATTEMPTS DURATION NOTE', 'prep success 1 10ms', 't[n=1] a[n=1] success 1 10ms', 't[n=1] b[n=1] success 1 10ms', 't[n=2] a[n=2] success 1 10ms', 't[n=2] b[n=2] success 1 10ms']);
});
