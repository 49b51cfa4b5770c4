// placeholder-step: every stand-in an import left behind shows in the Problems panel, so none is
// forgotten; a warning, because the pipeline is valid and the other steps can run.
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';

export function placeholderSteps(pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of [...pipeline.steps, ...pipeline.finally]) {
    if (step.type !== 'placeholder') continue;
    const original = typeof step.with.original === 'string' ? step.with.original.split('\n').find((l) => l.trim() !== '')?.trim() : undefined;
    const reason = typeof step.with.reason === 'string' ? step.with.reason : undefined;
    const what = original ? ` for ${original}` : '';
    const why = reason ? ` (${reason})` : '';
    out.push({ severity: 'warning', code: 'placeholder-step', message: `step '${step.id}' is a placeholder${what}: replace it before running${why}`, range: step.idRange, data: { step: step.id } });
  }
  return out;
}
