// `ansflow plan <file>`: what would run, in which order (waves of steps that can start together),
// with parameters resolved. Runs nothing.
import { defineCommand, usageError } from '../command/index.js';
import { loadBuiltinStepTypes, planPipeline } from '../../core/runner/index.js';
import { formatDiagnostics, loadPipelineFile } from '../support/loadPipelineFile.js';
import { PARAM_OPTION, parseParams } from '../support/params.js';

function brief(value: unknown): string {
  const s = JSON.stringify(value);
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
}

/** Prints the plan of a pipeline. */
export const planCommand = defineCommand({
  name: 'plan',
  summary: 'Show what a pipeline would run, in order, with resolved parameters',
  args: [{ name: 'file', help: 'the pipeline file' }],
  options: { param: PARAM_OPTION },
  format: { choices: ['text', 'json'], aliases: { json: { value: 'json', deprecated: true } } },
  examples: [{ command: 'ansflow plan deploy.ansflow.yaml -p env=staging', about: 'the waves of steps a staging run would start' }],
  exitCodes: { 0: 'plan printed; nothing was run', 2: 'usage error, an unreadable or invalid pipeline, or missing or mistyped params' },
  async run({ args, options, format }, io) {
    const { params, errors } = parseParams(options.param);
    const loaded = loadPipelineFile(args.file, io);
    if ('error' in loaded) errors.push(loaded.error);
    if (errors.length || 'error' in loaded) return usageError(errors);
    const { file, parsed } = loaded;
    const invalid = parsed.diagnostics.filter((d) => d.severity === 'error').length;
    if (invalid) {
      io.stderr.write(formatDiagnostics(file, parsed.text, parsed.diagnostics, io.cwd));
      return usageError(`the pipeline is invalid (${invalid} error(s))`, `'ansflow validate ${args.file}' lists the problems`);
    }
    const plan = planPipeline(parsed.pipeline, params, await loadBuiltinStepTypes());
    if (plan.problems.length) return usageError(plan.problems);
    if (format === 'json') {
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
});
