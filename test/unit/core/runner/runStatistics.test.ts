import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../../src/core/runner/index.js';
import type { RunStatus, StepStatus } from '../../../../src/core/contracts/events.js';
import { quantile, stepStatistics, successRate, type StatRun } from '../../../../src/core/runner/store/runStatistics.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { createEngine } from '../../../../src/vscode/run/engineAdapter.js';
import { computeDashboard, type RunRecordLike } from '../../../../src/vscode/dashboard/computeDashboard.js';
import { memoryIO } from '../../helpers/memoryIO.js';

type StepSpec = { id: string; status: StepStatus; ms: number; attempts?: number };

/** Writes a finished run to the store the way the runner records it. */
function writeRun(store: RunStore, runId: string, startedAt: number, status: RunStatus, steps: StepSpec[]): void {
  const w = store.beginRun({ type: 'run-start', runId, time: startedAt, pipeline: 'demo', params: {}, trigger: 'manual', steps: steps.map((s) => s.id) });
  let total = 0;
  for (const s of steps) {
    const attempts = s.attempts ?? 1;
    for (let a = 1; a <= attempts; a++) {
      // Earlier attempts of a retried step failed; the duration is split over the attempts.
      const last = a === attempts;
      w.record({ type: 'step-start', runId, time: startedAt, step: s.id, stepId: s.id, attempt: a, executor: 'local' });
      w.record({ type: 'step-end', runId, time: startedAt, step: s.id, stepId: s.id, attempt: a, status: last ? s.status : 'failed', durationMs: s.ms / attempts });
    }
    total += s.ms;
  }
  w.record({ type: 'run-end', runId, time: startedAt + total, status, durationMs: total });
  w.close();
}

/** Four runs where the old CLI and dashboard definitions disagree: even sample counts, a
 *  timed-out step, a pass after retry, a cancelled and an up-to-date step. */
function seed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-stats-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs'), maxRuns: 100 });
  const t0 = Date.now() - 3_600_000;
  writeRun(store, 'r1', t0, 'success', [{ id: 'build', status: 'success', ms: 10 }, { id: 'test', status: 'success', ms: 100 }]);
  writeRun(store, 'r2', t0 + 1000, 'failed', [{ id: 'build', status: 'success', ms: 40, attempts: 2 }, { id: 'test', status: 'failed', ms: 300 }]);
  writeRun(store, 'r3', t0 + 2000, 'success', [{ id: 'build', status: 'success', ms: 20 }, { id: 'test', status: 'success', ms: 200 }, { id: 'lint', status: 'up-to-date', ms: 0 }]);
  writeRun(store, 'r4', t0 + 3000, 'failed', [{ id: 'build', status: 'success', ms: 30 }, { id: 'test', status: 'timed-out', ms: 400 }, { id: 'deploy', status: 'cancelled', ms: 5 }]);
  return dir;
}

test('(unit) run statistics: `history --stats --json` and the dashboard give the same numbers on the same runs', async () => {
  const dir = seed();
  const io = memoryIO(dir, {});
  assert.equal(await runCli(['history', '--stats', '--json', '--limit', '50'], io), 0, io.err());
  const cli = JSON.parse(io.out()) as {
    successRate: { runs: number; succeeded: number; rate: number };
    durations: Array<{ step: string; p50Ms: number; p90Ms: number; p95Ms: number; maxMs: number; failures: number; passedAfterRetry: number }>;
    flaky: Array<{ step: string }>;
  };

  // The dashboard reads the same store through the editor's engine adapter, as DashboardPanel does.
  const port = createEngine({ maxRuns: () => 100 }).history(dir);
  const records: RunRecordLike[] = port.list(200).map((l) => port.get(l.runId)!).map((r) => ({ ...r, steps: r.steps.map((s) => ({ step: s.step, stepId: s.stepId, status: s.status, durationMs: s.durationMs, attempt: s.attempts })) }));
  const dash = computeDashboard(records, { days: 2 });

  const byDay = dash.successByDay.reduce((n, d) => ({ total: n.total + d.total, success: n.success + d.success }), { total: 0, success: 0 });
  assert.deepEqual({ runs: cli.successRate.runs, succeeded: cli.successRate.succeeded }, { runs: byDay.total, succeeded: byDay.success });

  const cliSteps = Object.fromEntries(cli.durations.map((d) => [d.step, { medianMs: d.p50Ms, p95Ms: d.p95Ms, maxMs: d.maxMs, failures: d.failures, passedAfterRetry: d.passedAfterRetry }]));
  const dashSteps = Object.fromEntries(dash.slowestSteps.map((s) => [s.stepId, { medianMs: s.medianMs, p95Ms: s.p95Ms, maxMs: s.maxMs, failures: s.failures, passedAfterRetry: s.passedAfterRetry }]));
  assert.deepEqual(dashSteps, cliSteps);
  assert.deepEqual(dash.flakySteps.map((s) => s.stepId), cli.flaky.map((f) => f.step));

  // And the numbers themselves: nearest-rank quantiles, timed-out counts as a failure, cancelled
  // and up-to-date steps are not counted, a pass after retry and a success/failure mix are flaky.
  assert.deepEqual(cliSteps.build, { medianMs: 20, p95Ms: 40, maxMs: 40, failures: 0, passedAfterRetry: 1 });
  assert.deepEqual(cliSteps.test, { medianMs: 200, p95Ms: 400, maxMs: 400, failures: 2, passedAfterRetry: 0 });
  assert.deepEqual(Object.keys(cliSteps).sort(), ['build', 'test']);
  assert.deepEqual(cli.flaky.map((f) => f.step), ['test', 'build']);
  assert.deepEqual(cli.successRate, { runs: 4, succeeded: 2, rate: 0.5 });
});

test('(unit) run statistics: nearest-rank quantiles on a known set', () => {
  const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  assert.equal(quantile(ten, 0.5), 50);
  assert.equal(quantile(ten, 0.9), 90);
  assert.equal(quantile(ten, 0.95), 100);
  assert.equal(quantile([10, 20, 30, 40], 0.5), 20);
  assert.equal(quantile([10, 20, 30, 40], 0.9), 40);
  assert.equal(quantile([7], 0.5), 7);
  assert.equal(quantile([], 0.5), 0);

  const runs: StatRun[] = ten.map((ms, i) => ({ runId: `r${i}`, pipeline: 'p', status: i === 3 ? 'timed-out' : 'success', startedAt: i, steps: [{ step: 'a', stepId: 'a', status: i === 3 ? 'timed-out' : 'success', durationMs: ms, attempts: 1 }] }));
  const [a] = stepStatistics(runs);
  assert.deepEqual({ p50: a!.p50Ms, p90: a!.p90Ms, p95: a!.p95Ms, mean: a!.meanMs, failures: a!.failures, flips: a!.flips, flaky: a!.flaky }, { p50: 50, p90: 90, p95: 100, mean: 55, failures: 1, flips: 2, flaky: true });
  assert.deepEqual(successRate([...runs, { ...runs[0]!, runId: 'live', status: 'running' }]), { runs: 10, succeeded: 9, rate: 0.9 });
});
