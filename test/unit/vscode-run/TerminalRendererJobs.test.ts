import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../../src/core/contracts/events.js';
import { TerminalRenderer } from '../../../src/vscode/run/TerminalRenderer.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex

function jobRun(): RunEvent[] {
  const r = 'r9';
  const start = (step: string, time: number): RunEvent => ({ runId: r, time, type: 'step-start', step, stepId: step.replace(/\[.*$/, ''), attempt: 1, executor: 'local' });
  const end = (step: string, time: number, status: 'success' | 'failed', exitCode?: number): RunEvent => ({ runId: r, time, type: 'step-end', step, stepId: step.replace(/\[.*$/, ''), status, attempt: 1, durationMs: 1000, exitCode });
  return [
    {
      runId: r,
      time: 0,
      type: 'run-start',
      pipeline: 'ci',
      params: {},
      trigger: 'test',
      steps: ['prep', 'build[node=18]', 'build[node=20]', 'unit[node=18]', 'unit[node=20]'],
      jobs: {
        'build[node=18]': { job: 'test', jobKey: 'test[node=18]' },
        'build[node=20]': { job: 'test', jobKey: 'test[node=20]' },
        'unit[node=18]': { job: 'test', jobKey: 'test[node=18]' },
        'unit[node=20]': { job: 'test', jobKey: 'test[node=20]' },
      },
    },
    start('prep', 1),
    end('prep', 2, 'success'),
    start('build[node=18]', 3),
    start('build[node=20]', 3),
    end('build[node=18]', 4, 'success'),
    start('unit[node=18]', 5),
    end('build[node=20]', 5, 'success'),
    start('unit[node=20]', 6),
    end('unit[node=18]', 7, 'failed', 2),
    end('unit[node=20]', 8, 'success'),
    { runId: r, time: 9, type: 'run-end', status: 'failed', durationMs: 9000 },
  ];
}

test('(unit) terminal renderer: one header per job instance at its first step, a summary grouped by job', () => {
  const t = new TerminalRenderer({ color: false, statusLine: false });
  const out = strip(jobRun().map((e) => t.render(e)).join(''));
  const lines = out.split('\r\n');
  assert.equal(lines.filter((l) => l.startsWith('── job ')).length, 2);
  // The header comes right before the job instance's first step starts, not before its later steps.
  const header = lines.indexOf('── job test[node=18] ──');
  assert.ok(header > 0 && lines[header + 1]!.includes('[build[node=18]]') && lines[header + 1]!.includes('started'), out);
  const summary = lines.slice(lines.indexOf('Summary') + 1, -2).map((l) => l.replace(/\s+/g, ' ').trim());
  assert.deepEqual(summary, [
    '✔ prep 1.0s',
    '✖ test[node=18] 2.0s',
    '✔ build[node=18] 1.0s',
    '✖ unit[node=18] 1.0s exit 2',
    '✔ test[node=20] 2.0s',
    '✔ build[node=20] 1.0s',
    '✔ unit[node=20] 1.0s',
  ]);
  // Steps of a job are indented under their job's row.
  const raw = lines.slice(lines.indexOf('Summary') + 1);
  assert.match(raw[2]!, /^ {4}✔ build\[node=18\]/);
  assert.match(raw[1]!, /^ {2}✖ test\[node=18\]/);
});

test('(unit) terminal renderer: a manual gate on a job instance first step asks under that job header', () => {
  const t = new TerminalRenderer({ color: false, statusLine: false });
  const events: RunEvent[] = [
    { runId: 'r', time: 0, type: 'run-start', pipeline: 'ci', params: {}, trigger: 'test', steps: ['tarball', 'upload'], jobs: { tarball: { job: 'package' }, upload: { job: 'publish' } } },
    { runId: 'r', time: 1, type: 'step-start', step: 'tarball', stepId: 'tarball', attempt: 1, executor: 'local' },
    { runId: 'r', time: 2, type: 'approval-requested', step: 'upload', message: "Run 'upload'?", approvers: [] },
    { runId: 'r', time: 3, type: 'step-start', step: 'upload', stepId: 'upload', attempt: 1, executor: 'local' },
  ];
  const lines = strip(events.map((e) => t.render(e)).join('')).split('\r\n');
  assert.deepEqual(lines.filter((l) => l.startsWith('── job ')), ['── job package ──', '── job publish ──']);
  const header = lines.indexOf('── job publish ──');
  assert.ok(lines[header + 1]!.includes('waiting for approval'), lines.join('\n'));
});
