// `ansflow run <file>`: runs a pipeline with live prefixed output, records it in the run store and
// prints a summary.
import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineCommand, usageError } from '../command/index.js';
import { COLOR_OPTIONS, useColor } from '../command/colorOption.js';
import { PARAM_OPTION, parseParams } from '../support/params.js';
import { EnvFileSecretProvider, PresetApprover, rerunProblems, resolveParams, runPipeline, subscribeQueued, unknownApprovals, type RunHandle } from '../../core/runner/index.js';
import { RunPrinter } from '../output/RunPrinter.js';
import { TurnWriter } from '../output/TurnWriter.js';
import { cliStore, formatDiagnostics, loadPipelineFile } from '../support/loadPipelineFile.js';
import { TtyApprover } from '../support/ttyApprover.js';
import { onlyProblems, selectRun } from '../support/targetSelection.js';
import { AuditLog, auditedApprover, defaultAuditFile, recordRunEnd } from '../../core/observability/audit/index.js';

/** Runs a pipeline file. */
export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run a pipeline with live output; records the run in .ansflow/runs',
  description: 'Ctrl-C once cancels gracefully (finally steps still run); twice forces. Approval steps ask on the terminal when stdin and stdout are one; elsewhere pass --approve or --approve-all.',
  args: [{ name: 'file', help: 'the pipeline file' }],
  options: {
    param: PARAM_OPTION,
    concurrency: { type: 'number', short: 'j', value: 'N', help: "steps running at once (default: the pipeline's concurrency, else 4)", integer: true, min: 1 },
    from: { type: 'string', value: 'step', help: 'rerun this step and everything after it, reusing the recorded outputs of the rest (latest run of this file)' },
    target: { type: 'list', value: 'step-or-job', help: 'run this step or job and everything it needs, nothing else' },
    only: { type: 'string', value: 'step', help: 'run this one step, reusing the recorded outputs of what it needs (latest run of this file)' },
    'rerun-failed': { type: 'string', value: 'runId', help: 'rerun what failed in this earlier run of this file (and everything after it), reusing the rest of its outputs' },
    approve: { type: 'list', value: 'step', help: 'approve this approval step without asking' },
    'approve-all': { type: 'boolean', help: 'approve every approval step without asking' },
    events: { type: 'string', value: 'file', help: 'write every run event as a JSON line to this file' },
    ...COLOR_OPTIONS,
    force: { type: 'boolean', help: 'ignore up-to-date checks (cache)' },
    'dry-run': { type: 'boolean', help: "call each step type's dry run instead of running it" },
    timeout: { type: 'number', value: 'ms', help: 'end the run as timed-out after this many milliseconds (finally steps still run)', above: 0 },
    'fail-fast': { type: 'boolean', help: 'start no new step after the first failure' },
    store: { type: 'string', value: 'dir', help: 'the run store (default: $ANSFLOW_STORE, else .ansflow/runs)' },
    shell: { type: 'string', value: 'path', help: 'the shell for shell steps' },
    python: { type: 'string', value: 'path', help: 'the interpreter for python steps (default: $ANSFLOW_PYTHON)' },
    node: { type: 'string', value: 'path', help: 'the interpreter for node steps (default: $ANSFLOW_NODE)' },
    'kill-grace': { type: 'number', value: 'ms', help: 'on cancel and timeout, wait this long after SIGTERM before SIGKILL (default: 5000)', integer: true, min: 0 },
  },
  examples: [
    { command: 'ansflow run deploy.ansflow.yaml -p env=staging --approve prod-gate', about: 'run with a param, approving one gate up front' },
    { command: 'ansflow run ci.ansflow.yaml --rerun-failed latest', about: 'rerun what failed last time' },
    { command: 'ansflow run tasks.ansflow.yaml --target test', about: "run 'test' and what it needs, nothing else" },
  ],
  exitCodes: {
    0: 'every step succeeded (or was skipped)',
    1: 'a step failed or the run timed out',
    2: 'usage error, or an unreadable or invalid pipeline, missing or mistyped params, an unknown --approve, --from, --rerun-failed, --target or --only, or --only without a recorded success of what it needs; nothing was run or recorded',
    130: 'cancelled (Ctrl-C or SIGTERM)',
  },
  async run({ args, options: values }, io) {
    const color = useColor(values, io);
    if (typeof color !== 'boolean') return color;
    const { params, errors } = parseParams(values.param);
    if (errors.length) return usageError(errors);

    const loaded = loadPipelineFile(args.file, io);
    if ('error' in loaded) return usageError(loaded.error, '');
    const { file } = loaded;
    const selected = selectRun(loaded.parsed, values);
    if ('error' in selected) return usageError(selected.error);
    const parsed = selected.parsed;
    const diagnostics = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (diagnostics.length) {
      io.stderr.write(formatDiagnostics(file, parsed.text, parsed.diagnostics, io.cwd));
      return usageError(`the pipeline is invalid (${diagnostics.length} error(s)); nothing was run`, `'ansflow validate ${args.file}' lists the problems`);
    }
    // Missing or mistyped params and unknown --approve names are usage errors: refuse before a run is recorded.
    const usageErrors = [
      ...resolveParams(parsed.pipeline, params).problems,
      ...unknownApprovals(parsed.pipeline, values.approve),
      // --from / --rerun-failed must name a step of this pipeline and a run of this file.
      ...rerunProblems(parsed.pipeline, cliStore(io, values.store), { from: values.from, rerunFailed: values['rerun-failed'] }),
      ...(values.only ? onlyProblems(parsed.pipeline, cliStore(io, values.store), values.only) : []),
    ];
    if (usageErrors.length) return usageError(usageErrors);

    // --events: every event as a JSON line, written synchronously so the file is complete at exit.
    let eventsFd: number | undefined;
    try {
      if (values.events) eventsFd = openSync(resolve(io.cwd, values.events), 'w');
    } catch (e) {
      return usageError(`cannot write the --events file: ${(e as Error).message}`, '');
    }

    const interactive = !!io.stdin.isTTY && !!io.stdout.isTTY;
    // Every run and approval decision goes to the audit trail (the same per-user file the editor writes).
    const audit = new AuditLog({ file: defaultAuditFile(io.env), source: 'cli' });
    // The live output, one write per event-loop turn; the queue in front of it absorbs (and bounds) a full terminal's wait.
    const out = new TurnWriter(io.stdout);
    const approver = auditedApprover(new PresetApprover({ all: values['approve-all'], steps: values.approve }, interactive ? new TtyApprover(io, () => onSigint(), () => void out.flush()) : undefined), audit, file);
    const printer = new RunPrinter({ color, footer: !!io.stdout.isTTY, columns: io.stdout.columns });

    let handle: RunHandle;
    try {
      handle = runPipeline(parsed, {
        params,
        concurrency: values.concurrency,
        timeoutMs: values.timeout,
        workspace: dirname(file),
        store: cliStore(io, values.store),
        secrets: new EnvFileSecretProvider({ env: io.env, baseDir: dirname(file) }),
        approver,
        from: values.only ?? values.from,
        rerunFailed: values['rerun-failed'],
        force: values.force,
        dryRun: values['dry-run'],
        failFast: values['fail-fast'],
        trigger: 'cli',
        baseEnv: io.env,
        killGraceMs: values['kill-grace'],
        interpreters: { shell: values.shell, python: values.python ?? io.env.ANSFLOW_PYTHON, node: values.node ?? io.env.ANSFLOW_NODE },
      });
    } catch (e) {
      if (eventsFd !== undefined) closeSync(eventsFd);
      return usageError((e as Error).message, '');
    }

    const audited = recordRunEnd(audit, handle, file, parsed.pipeline.name, values['dry-run'] ? 'dry run' : undefined);
    const eventsSub = eventsFd !== undefined ? handle.onEvent((e) => writeSync(eventsFd!, `${JSON.stringify(e)}\n`)) : undefined;
    const printing = subscribeQueued(handle.onEvent, (e) => out.write(printer.render(e)));

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
      await audited;
      await printing.idle();
      out.write(printer.summary(summary));
      await out.flush();
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
});
