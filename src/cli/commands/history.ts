// `ansflow history`: recent runs from the run store, or one run's steps (`ansflow history <runId>`),
// with --format json for scripts and --stats for success rate, slowest and flaky steps.
import { defineCommand, EXIT, failure } from '../command/index.js';
import { RunHistory } from '../../core/runner/index.js';
import { formatDuration } from '../output/RunPrinter.js';
import { cliStore } from '../support/loadPipelineFile.js';
import { artifactRows } from '../output/artifactLines.js';
import { flakySteps, stepStatistics, successRate } from '../../core/runner/store/runStatistics.js';
import type { StepRecord } from '../../core/runner/store/runRecord.js';
import { jobRows, table } from '../output/table.js';

/** What `history --stats` reports: the last `limit` runs read once, counted by core's runStatistics. */
export function historyStats(history: RunHistory, pipeline: string | undefined, limit: number) {
  const runs = history.statRuns(pipeline, limit);
  const steps = stepStatistics(runs).map((s) => ({ step: s.stepId, ...s }));
  return { successRate: successRate(runs), durations: steps, flaky: flakySteps(steps), trends: history.trends(pipeline) };
}

/** Lists runs or shows one. */
export const historyCommand = defineCommand({
  name: 'history',
  summary: 'List recorded runs, or show one run’s steps',
  args: [{ name: 'runId', help: "a run id, a unique prefix of one, or 'latest': show that run's steps", optional: true }],
  options: {
    limit: { type: 'number', short: 'n', value: 'N', default: 20, help: 'how many runs to list (or to count for --stats)', integer: true, min: 1 },
    pipeline: { type: 'string', value: 'name', help: 'only runs of this pipeline' },
    stats: { type: 'boolean', help: 'success rate, slowest steps (p50 / p90) and flaky steps instead of the list' },
    store: { type: 'string', value: 'dir', help: 'the run store (default: $ANSFLOW_STORE, else .ansflow/runs)' },
  },
  format: { choices: ['text', 'json'], aliases: { json: { value: 'json', deprecated: true } } },
  examples: [
    { command: 'ansflow history', about: 'the 20 latest runs' },
    { command: 'ansflow history latest --format json', about: 'the latest run with its steps, as JSON' },
    { command: 'ansflow history --stats --pipeline deploy', about: 'how reliable and how fast the deploy pipeline has been' },
  ],
  exitCodes: { 0: 'printed (also when no run is recorded yet)', 1: 'no run matches the given id' },
  async run({ args, options: values, format }, io) {
    const limit = values.limit;
    const history = new RunHistory(cliStore(io, values.store));
    const pipeline = values.pipeline;
    const json = format === 'json';

    if (args.runId) {
      const run = history.getRun(args.runId);
      if (!run) return failure(EXIT.failed, `no run '${args.runId}'`, "give a run id or a unique prefix from 'ansflow history', or 'latest'");
      if (json) io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      else {
        io.stdout.write(`Run ${run.runId} · ${run.pipeline} · ${run.status}${run.interrupted && run.status !== 'interrupted' ? ' (interrupted)' : ''} · ${new Date(run.startedAt).toISOString()}${run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}\n\n`);
        const row = (s: StepRecord) => [s.step, s.status, String(s.attempts.length), s.attempts.length ? formatDuration(s.durationMs) : '-', s.exitCode !== undefined ? String(s.exitCode) : '', (s.reason ?? '').slice(0, 60)];
        const head = ['STEP', 'STATUS', 'ATTEMPTS', 'DURATION', 'EXIT', 'NOTE'];
        // With jobs: each job instance's steps together, behind a JOB column.
        if (run.steps.some((s) => s.job)) io.stdout.write(table(['JOB', ...head], jobRows(run.steps, row)));
        else io.stdout.write(table(head, run.steps.map(row)));
        const artifacts = artifactRows(history, run);
        if (artifacts.length) io.stdout.write(`\n${table(['STEP', 'ARTIFACT', 'SIZE', 'KEPT AT'], artifacts)}`);
      }
      return 0;
    }

    if (values.stats) {
      const stats = historyStats(history, pipeline, limit);
      if (json) io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      else {
        const sr = stats.successRate;
        io.stdout.write(`Success rate: ${(sr.rate * 100).toFixed(0)}% (${sr.succeeded}/${sr.runs} runs)\n\nSlowest steps (p50 / p90):\n`);
        io.stdout.write(table(['STEP', 'RUNS', 'P50', 'P90'], [...stats.durations].sort((a, b) => b.p50Ms - a.p50Ms).slice(0, 10).map((d) => [d.step, String(d.samples.length), formatDuration(d.p50Ms), formatDuration(d.p90Ms)])));
        io.stdout.write(stats.flaky.length ? `\nFlaky steps:\n${table(['STEP', 'RUNS', 'FAILURES', 'PASSED AFTER RETRY'], stats.flaky.map((f) => [f.step, String(f.runs), String(f.failures), String(f.passedAfterRetry)]))}` : '\nNo flaky steps.\n');
      }
      return 0;
    }

    const runs = history.listRuns({ limit, pipeline });
    if (json) {
      io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return 0;
    }
    if (!runs.length) {
      io.stdout.write('No runs recorded yet. Start one with `ansflow run <file>`.\n');
      return 0;
    }
    io.stdout.write(table(['RUN', 'PIPELINE', 'STATUS', 'STARTED', 'DURATION'], runs.map((r) => [r.runId, r.pipeline, `${r.status}${r.interrupted && r.status !== 'interrupted' ? ' (interrupted)' : ''}`, new Date(r.startedAt).toISOString().replace('T', ' ').slice(0, 19), r.durationMs !== undefined ? formatDuration(r.durationMs) : '-'])));
    return 0;
  },
});
