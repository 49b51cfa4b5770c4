// `ansflow logs <runId> [step]`: the recorded (masked) output of one step, or of every step of a
// run one after another under a header.
import { parseArgs } from 'node:util';
import type { CliCommand } from '../CliCommand.js';
import { RunHistory } from '../../core/runner/index.js';
import { cliStore } from '../support/loadPipelineFile.js';
import { stepArtifactRows } from '../output/artifactLines.js';

const USAGE = 'ansflow logs <runId|latest> [step] [--store dir]';

/** Prints recorded logs. */
export const logsCommand: CliCommand = {
  name: 'logs',
  summary: 'Print the recorded output of a run or one of its steps',
  usage: USAGE,
  async run(argv, io) {
    let values;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { store: { type: 'string' } } }));
    } catch (e) {
      io.stderr.write(`ansflow logs: ${(e as Error).message}\nUsage: ${USAGE}\n`);
      return 2;
    }
    if (positionals.length < 1 || positionals.length > 2) {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return 2;
    }
    const history = new RunHistory(cliStore(io, values.store as string | undefined));
    const run = history.getRun(positionals[0]!);
    if (!run) {
      io.stderr.write(`ansflow logs: no run '${positionals[0]}' (see 'ansflow history')\n`);
      return 1;
    }
    const wanted = positionals[1];
    const steps = wanted ? run.steps.filter((s) => s.step === wanted || s.stepId === wanted) : run.steps;
    if (wanted && !steps.length) {
      io.stderr.write(`ansflow logs: run ${run.runId} has no step '${wanted}' (steps: ${run.steps.map((s) => s.step).join(', ')})\n`);
      return 1;
    }
    for (const s of steps) {
      const text = history.readLog(run.runId, s.step) ?? '';
      if (steps.length > 1 || !wanted) io.stdout.write(`── ${s.step} (${s.status}) ──\n`);
      io.stdout.write(text && !text.endsWith('\n') ? `${text}\n` : text);
      const artifacts = stepArtifactRows(history, run.runId, s);
      if (artifacts.length) io.stdout.write(`── artifacts of ${s.step} ──\n${artifacts.map((r) => `${r.join('  ')}\n`).join('')}`);
    }
    return 0;
  },
};
