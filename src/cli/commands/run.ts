// `ansflow run <file>`: runs a pipeline with live prefixed output, records it in the run store and
// prints a summary. Exit codes: 0 success, 1 failed or timed out, 2 invalid pipeline or usage,
// 130 cancelled (Ctrl-C once cancels gracefully, twice forces).
import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../CliCommand.js';
import { EnvFileSecretProvider, PresetApprover, rerunProblems, resolveParams, runPipeline, subscribeQueued, unknownApprovals, type RunHandle } from '../../core/runner/index.js';
import { RunPrinter } from '../output/RunPrinter.js';
import { cliStore, formatDiagnostics, loadPipelineFile } from '../support/loadPipelineFile.js';
import { TtyApprover } from '../support/ttyApprover.js';

const USAGE = `ansflow run <file> [--param k=v]… [--concurrency N] [--from step] [--rerun-failed runId]
       [--approve step]… [--approve-all] [--events out.jsonl] [--no-color] [--force] [--dry-run]
       [--timeout ms] [--fail-fast] [--store dir] [--shell path] [--python path] [--node path]`;

/** Splits `k=v` params; a value may contain `=`. */
export function parseParams(list: string[]): { params: Record<string, string>; errors: string[] } {
  const params: Record<string, string> = {};
  const errors: string[] = [];
  for (const p of list) {
    const i = p.indexOf('=');
    if (i <= 0) errors.push(`--param expects key=value, got '${p}'`);
    else params[p.slice(0, i)] = p.slice(i + 1);
  }
  return { params, errors };
}

function writeOut(io: CliIO, text: string): Promise<void> {
  if (!text) return Promise.resolve();
  // Respect the terminal's back-pressure; the queue in front of us absorbs (and bounds) the wait.
  return io.stdout.write(text) ? Promise.resolve() : new Promise((r) => io.stdout.once('drain', () => r()));
}

/** Runs a pipeline file. */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a pipeline with live output; records the run in .ansflow/runs',
  usage: USAGE,
  async run(argv, io) {
    let values;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          param: { type: 'string', short: 'p', multiple: true, default: [] },
          concurrency: { type: 'string', short: 'j' },
          from: { type: 'string' },
          'rerun-failed': { type: 'string' },
          approve: { type: 'string', multiple: true, default: [] },
          'approve-all': { type: 'boolean', default: false },
          events: { type: 'string' },
          'no-color': { type: 'boolean', default: false },
          force: { type: 'boolean', default: false },
          'dry-run': { type: 'boolean', default: false },
          timeout: { type: 'string' },
          'fail-fast': { type: 'boolean', default: false },
          store: { type: 'string' },
          shell: { type: 'string' },
          python: { type: 'string' },
          node: { type: 'string' },
          'kill-grace': { type: 'string' },
        },
      }));
    } catch (e) {
      io.stderr.write(`ansflow run: ${(e as Error).message}\nUsage: ${USAGE}\n`);
      return 2;
    }
    if (positionals.length !== 1) {
      io.stderr.write(`ansflow run: expected one pipeline file\nUsage: ${USAGE}\n`);
      return 2;
    }
    const { params, errors } = parseParams(values.param as string[]);
    const concurrency = values.concurrency !== undefined ? Number(values.concurrency) : undefined;
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) errors.push('--concurrency expects a whole number ≥ 1');
    const timeoutMs = values.timeout !== undefined ? Number(values.timeout) : undefined;
    if (timeoutMs !== undefined && !(timeoutMs > 0)) errors.push('--timeout expects milliseconds > 0');
    if (errors.length) {
      io.stderr.write(errors.map((e) => `ansflow run: ${e}\n`).join(''));
      return 2;
    }

    const loaded = loadPipelineFile(positionals[0]!, io);
    if ('error' in loaded) {
      io.stderr.write(`ansflow run: ${loaded.error}\n`);
      return 2;
    }
    const { file, parsed } = loaded;
    const diagnostics = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (diagnostics.length) {
      io.stderr.write(formatDiagnostics(file, parsed.text, parsed.diagnostics, io.cwd));
      io.stderr.write(`ansflow run: the pipeline is invalid (${diagnostics.length} error(s)); nothing was run\n`);
      return 2;
    }
    // Missing or mistyped params and unknown --approve names are usage errors: refuse before a run is recorded.
    const usageErrors = [
      ...resolveParams(parsed.pipeline, params).problems,
      ...unknownApprovals(parsed.pipeline, values.approve as string[]),
      // --from / --rerun-failed must name a step of this pipeline and a run of this file.
      ...rerunProblems(parsed.pipeline, cliStore(io, values.store as string | undefined), { from: values.from as string | undefined, rerunFailed: values['rerun-failed'] as string | undefined }),
    ];
    if (usageErrors.length) {
      io.stderr.write(usageErrors.map((e) => `ansflow run: ${e}\n`).join(''));
      return 2;
    }

    const interactive = !!io.stdin.isTTY && !!io.stdout.isTTY;
    const approver = new PresetApprover({ all: values['approve-all'] as boolean, steps: values.approve as string[] }, interactive ? new TtyApprover(io) : undefined);
    const color = !values['no-color'] && !io.env.NO_COLOR && !!io.stdout.isTTY;
    const printer = new RunPrinter({ color, footer: !!io.stdout.isTTY, columns: io.stdout.columns });

    let handle: RunHandle;
    try {
      handle = runPipeline(parsed, {
        params,
        concurrency,
        timeoutMs,
        workspace: dirname(file),
        store: cliStore(io, values.store as string | undefined),
        secrets: new EnvFileSecretProvider({ env: io.env, baseDir: dirname(file) }),
        approver,
        from: values.from as string | undefined,
        rerunFailed: values['rerun-failed'] as string | undefined,
        force: values.force as boolean,
        dryRun: values['dry-run'] as boolean,
        failFast: values['fail-fast'] as boolean,
        trigger: 'cli',
        baseEnv: io.env,
        killGraceMs: values['kill-grace'] !== undefined ? Number(values['kill-grace']) : undefined,
        interpreters: { shell: values.shell as string | undefined, python: (values.python as string | undefined) ?? io.env.ANSFLOW_PYTHON, node: (values.node as string | undefined) ?? io.env.ANSFLOW_NODE },
      });
    } catch (e) {
      io.stderr.write(`ansflow run: ${(e as Error).message}\n`);
      return 2;
    }

    // --events: every event as a JSON line, written synchronously so the file is complete at exit.
    let eventsFd: number | undefined;
    if (values.events) eventsFd = openSync(values.events as string, 'w');
    const eventsSub = eventsFd !== undefined ? handle.onEvent((e) => writeSync(eventsFd!, `${JSON.stringify(e)}\n`)) : undefined;
    const printing = subscribeQueued(handle.onEvent, (e) => writeOut(io, printer.render(e)));

    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts === 1) {
        io.stderr.write('\nansflow: cancelling… (press Ctrl-C again to force)\n');
        handle.cancel('cancelled by Ctrl-C');
      } else handle.cancel('forced by a second Ctrl-C', { force: true });
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      const summary = await handle.done;
      await printing.idle();
      await writeOut(io, printer.summary(summary));
      if (summary.status === 'success') return 0;
      if (summary.status === 'cancelled') return 130;
      return 1;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      printing.dispose();
      eventsSub?.dispose();
      if (eventsFd !== undefined) closeSync(eventsFd);
    }
  },
};
