// `ansflow plan <file>`: what would run, in which order (waves of steps that can start together),
// with parameters resolved. Runs nothing.
import { parseArgs } from 'node:util';
import type { CliCommand } from '../CliCommand.js';
import { BUILTIN_STEP_TYPES, planPipeline } from '../../core/runner/index.js';
import { formatDiagnostics, loadPipelineFile } from '../support/loadPipelineFile.js';
import { parseParams } from './run.js';

const USAGE = 'ansflow plan <file> [--param k=v]… [--json]';

function brief(value: unknown): string {
  const s = JSON.stringify(value);
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
}

/** Prints the plan of a pipeline. */
export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'Show what a pipeline would run, in order, with resolved parameters',
  usage: USAGE,
  async run(argv, io) {
    let values;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { param: { type: 'string', short: 'p', multiple: true, default: [] }, json: { type: 'boolean', default: false } } }));
    } catch (e) {
      io.stderr.write(`ansflow plan: ${(e as Error).message}\nUsage: ${USAGE}\n`);
      return 2;
    }
    if (positionals.length !== 1) {
      io.stderr.write(`Usage: ${USAGE}\n`);
      return 2;
    }
    const { params, errors } = parseParams(values.param as string[]);
    const loaded = loadPipelineFile(positionals[0]!, io);
    if ('error' in loaded) errors.push(loaded.error);
    if (errors.length) {
      io.stderr.write(errors.map((e) => `ansflow plan: ${e}\n`).join(''));
      return 2;
    }
    const { file, parsed } = loaded as Exclude<typeof loaded, { error: string }>;
    if (parsed.diagnostics.some((d) => d.severity === 'error')) {
      io.stderr.write(formatDiagnostics(file, parsed.text, parsed.diagnostics, io.cwd));
      return 2;
    }
    const plan = planPipeline(parsed.pipeline, params, BUILTIN_STEP_TYPES);
    if (plan.problems.length) {
      io.stderr.write(plan.problems.map((p) => `ansflow plan: ${p}\n`).join(''));
      return 2;
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ pipeline: parsed.pipeline.name, params: plan.params, steps: plan.steps }, null, 2)}\n`);
      return 0;
    }
    const out: string[] = [`Pipeline ${parsed.pipeline.name ?? file} · ${plan.steps.length} step(s)`];
    if (Object.keys(plan.params).length) out.push(`Params: ${Object.entries(plan.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
    let phase = '';
    let wave = -1;
    for (const s of plan.steps) {
      const p = s.isFinally ? 'finally' : 'steps';
      if (p !== phase) {
        phase = p;
        wave = -1;
        out.push('', p === 'finally' ? 'Finally (always, after everything else):' : 'Steps:');
      }
      if (s.wave !== wave) {
        wave = s.wave;
        out.push(`  wave ${wave + 1}`);
      }
      const flags = [s.executor !== 'local' ? `executor ${s.executor}` : '', s.cached ? 'cached' : '', s.condition ? `if ${s.condition}` : '', s.needs.length ? `needs ${s.needs.join(', ')}` : ''].filter(Boolean).join(' · ');
      out.push(`    ${s.key}  [${s.type ?? '?'}] ${s.description ?? ''}${flags ? `  (${flags})` : ''}`);
      if (Object.keys(s.with).length) out.push(`      with ${brief(s.with)}`);
    }
    io.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
