// A matrix job's maxParallel and failFast act on job instances (a whole chain of steps), through
// the real runner and real shell processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import type { RunSummary } from '../../../../../src/core/runner/runTypes.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ansflow-job-instances-'));
const shown = (s: RunSummary) => JSON.stringify(s.steps.map((x) => [x.step, x.status, x.reason]));
const of = (s: RunSummary, key: string) => s.steps.find((x) => x.step === key)!;

async function run(text: string) {
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const cwd = dir();
  return { cwd, summary: await runPipeline(parsed, { workspace: cwd, concurrency: 4 }).done };
}

test('(unit) job instances: maxParallel 1 runs one whole chain after the other, never interleaved', async () => {
  // `mkdir active` fails while another chain holds it; the pause before `rmdir` only widens the
  // window in which a step-by-step limit would start the other instance's first step.
  const { cwd, summary } = await run(`version: 1
jobs:
  t:
    matrix: { n: [a, b, c], maxParallel: 1 }
    env: { N: "\${{ matrix.n }}" }
    steps:
      enter: { type: shell, with: { run: 'mkdir active && echo "$N enter" >> log' } }
      leave: { type: shell, with: { run: 'sleep 0.2; echo "$N leave" >> log; rmdir active' } }
`);
  assert.equal(summary.status, 'success', shown(summary));
  const lines = readFileSync(join(cwd, 'log'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 6);
  for (let i = 0; i < 6; i += 2) assert.equal(lines[i + 1], lines[i]!.replace('enter', 'leave'), lines.join(' | '));
});

test('(unit) job instances: under failFast a failing instance cancels the running and the queued instances of its job', async () => {
  // t[n=a] fails once t[n=b]'s first step is running; b would otherwise run until its timeout.
  // With maxParallel 2, t[n=c] is still waiting for a slot and never starts.
  const { cwd, summary } = await run(`version: 1
jobs:
  t:
    matrix: { n: [a, b, c], maxParallel: 2 }
    env: { N: "\${{ matrix.n }}" }
    steps:
      work:
        type: shell
        timeout: 30s
        with: { run: 'if [ "$N" = a ]; then while [ ! -e b-started ]; do sleep 0.05; done; exit 1; fi; touch "$N-started"; while true; do sleep 0.05; done' }
      after: { type: shell, with: { run: 'touch "$N-after"' } }
steps:
  outside: { type: shell, needs: t, if: always(), with: { run: 'true' } }
`);
  assert.equal(summary.status, 'failed');
  assert.equal(of(summary, 'work[n=a]').status, 'failed', shown(summary));
  assert.equal(of(summary, 'after[n=a]').status, 'skipped', shown(summary));
  assert.equal(of(summary, 'work[n=b]').status, 'cancelled', shown(summary));
  for (const k of ['after[n=b]', 'work[n=c]', 'after[n=c]']) {
    assert.equal(of(summary, k).status, 'cancelled', shown(summary));
    assert.match(of(summary, k).reason ?? '', /job instance t\[n=a\] failed \(failFast\)/);
  }
  assert.ok(!existsSync(join(cwd, 'c-started')));
  // A step outside the job that needs it still runs when its condition says so.
  assert.equal(of(summary, 'outside').status, 'success', shown(summary));
});

test('(unit) job instances: failFast false lets the other instances finish their chains', async () => {
  const { cwd, summary } = await run(`version: 1
jobs:
  t:
    matrix: { n: [a, b], failFast: false, maxParallel: 1 }
    env: { N: "\${{ matrix.n }}" }
    steps:
      work: { type: shell, with: { run: '[ "$N" != a ]' } }
      after: { type: shell, with: { run: 'touch "$N-after"' } }
`);
  assert.equal(summary.status, 'failed');
  assert.deepEqual(['work[n=a]', 'after[n=a]', 'work[n=b]', 'after[n=b]'].map((k) => of(summary, k).status), ['failed', 'skipped', 'success', 'success'], shown(summary));
  assert.ok(existsSync(join(cwd, 'b-after')));
});
