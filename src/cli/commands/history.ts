// `ansflow history`: recent runs from the run store, or one run's steps (`ansflow history <runId>`),
// with --json for scripts and --stats for success rate, slowest and flaky steps.
import { parseArgs } from 'node:util';
import type { CliCommand } from '../CliCommand.js';
import { RunHistory } from '../../core/runner/index.js';
import { formatDuration } from '../output/RunPrinter.js';
import { cliStore } from '../support/loadPipelineFile.js';
import { artifactRows } from '../output/artifactLines.js';
import { flakySteps, stepStatistics, successRate } from '../../core/runner/store/runStatistics.js';

const USAGE = 'ansflow history [runId] [--limit N] [--pipeline name] [--json] [--stats] [--store dir]';

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}

/** What `history --stats` reports: the last `limit` runs read once, counted by core's runStatistics. */
export function historyStats(history: RunHistory, pipeline: string | undefined, limit: number) {
  const runs = history.statRuns(pipeline, limit);
  const steps = stepStatistics(runs).map((s) => ({ step: s.stepId, ...s }));
  return { successRate: successRate(runs), durations: steps, flaky: flakySteps(steps), trends: history.trends(pipeline) };
}

/** Lists runs or shows one. */
export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'List recorded runs, or show one run’s steps',
  usage: USAGE,
  async run(argv, io) {
    let values;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { limit: { type: 'string', short: 'n' }, pipeline: { type: 'string' }, json: { type: 'boolean', default: false }, stats: { type: 'boolean', default: false }, store: { type: 'string' } },
      }));
    } catch (e) {
      io.stderr.write(`ansflow history: ${(e as Error).message}\nUsage: ${USAGE}\n`);
      return 2;
    }
    const limit = values.limit !== undefined ? Number(values.limit) : 20;
    if (!(Number.isInteger(limit) && limit > 0)) {
      io.stderr.write('ansflow history: --limit expects a whole number > 0\n');
      return 2;
    }
    const history = new RunHistory(cliStore(io, values.store as string | undefined));
    const pipeline = values.pipeline as string | undefined;

    if (positionals[0]) {
      const run = history.getRun(positionals[0]);
      if (!run) {
        io.stderr.write(`ansflow history: no run '${positionals[0]}' (ids or unique prefixes from 'ansflow history', or 'latest')\n`);
        return 1;
      }
      if (values.json) io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      else {
        io.stdout.write(`Run ${run.runId} · ${run.pipeline} · ${run.status}${run.interrupted && run.status !== 'interrupted' ? ' (interrupted)' : ''} · ${new Date(run.startedAt).toISOString()}${run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}\n\n`);
        io.stdout.write(table(['STEP', 'STATUS', 'ATTEMPTS', 'DURATION', 'EXIT', 'NOTE'], run.steps.map((s) => [s.step, s.status, String(s.attempts.length), s.attempts.length ? formatDuration(s.durationMs) : '-', s.exitCode !== undefined ? String(s.exitCode) : '', (s.reason ?? '').slice(0, 60)])));
        const artifacts = artifactRows(history, run);
        if (artifacts.length) io.stdout.write(`\n${table(['STEP', 'ARTIFACT', 'SIZE', 'KEPT AT'], artifacts)}`);
      }
      return 0;
    }

    if (values.stats) {
      const stats = historyStats(history, pipeline, limit);
      if (values.json) io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      else {
        const sr = stats.successRate;
        io.stdout.write(`Success rate: ${(sr.rate * 100).toFixed(0)}% (${sr.succeeded}/${sr.runs} runs)\n\nSlowest steps (p50 / p90):\n`);
        io.stdout.write(table(['STEP', 'RUNS', 'P50', 'P90'], [...stats.durations].sort((a, b) => b.p50Ms - a.p50Ms).slice(0, 10).map((d) => [d.step, String(d.samples.length), formatDuration(d.p50Ms), formatDuration(d.p90Ms)])));
        io.stdout.write(stats.flaky.length ? `\nFlaky steps:\n${table(['STEP', 'RUNS', 'FAILURES', 'PASSED AFTER RETRY'], stats.flaky.map((f) => [f.step, String(f.runs), String(f.failures), String(f.passedAfterRetry)]))}` : '\nNo flaky steps.\n');
      }
      return 0;
    }

    const runs = history.listRuns({ limit, pipeline });
    if (values.json) {
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
};
