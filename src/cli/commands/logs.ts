// `ansflow logs <runId> [step]`: the recorded (masked) output of one step, or of every step of a
// run one after another under a header.
import { defineCommand, EXIT, failure } from '../command/index.js';
import { RunHistory } from '../../core/runner/index.js';
import { cliStore } from '../support/loadPipelineFile.js';
import { stepArtifactRows } from '../output/artifactLines.js';

/** Prints recorded logs. */
export const logsCommand = defineCommand({
  name: 'logs',
  summary: 'Print the recorded output of a run or one of its steps',
  args: [
    { name: 'runId', help: "a run id, a unique prefix of one, or 'latest'" },
    { name: 'step', help: 'only this step (by name or id); every step under a header when left out', optional: true },
  ],
  options: { store: { type: 'string', value: 'dir', help: 'the run store (default: $ANSFLOW_STORE, else .ansflow/runs)' } },
  examples: [{ command: 'ansflow logs latest build', about: 'what the build step printed in the latest run (secrets masked)' }],
  exitCodes: { 0: 'printed', 1: 'no such run, or the run has no such step' },
  async run({ args, options }, io) {
    const history = new RunHistory(cliStore(io, options.store));
    const run = history.getRun(args.runId);
    if (!run) return failure(EXIT.failed, `no run '${args.runId}'`, "see 'ansflow history' for the recorded runs");
    const wanted = args.step;
    const steps = wanted ? run.steps.filter((s) => s.step === wanted || s.stepId === wanted) : run.steps;
    if (wanted && !steps.length) return failure(EXIT.failed, `run ${run.runId} has no step '${wanted}'`, `its steps: ${run.steps.map((s) => s.step).join(', ')}`);
    for (const s of steps) {
      const text = history.readLog(run.runId, s.step) ?? '';
      if (steps.length > 1 || !wanted) io.stdout.write(`── ${s.step} (${s.status}) ──\n`);
      io.stdout.write(text && !text.endsWith('\n') ? `${text}\n` : text);
      const artifacts = stepArtifactRows(history, run.runId, s);
      if (artifacts.length) io.stdout.write(`── artifacts of ${s.step} ──\n${artifacts.map((r) => `${r.join('  ')}\n`).join('')}`);
    }
    return 0;
  },
});
