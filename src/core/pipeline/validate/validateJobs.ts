// Job checks the schema cannot express: `needs` naming neither a job nor a step, a step of a matrix
// job with its own matrix, a step of a job with services with its own (a container step joins one
// services network), and a job name that is also a step id (a `needs` entry would be ambiguous).
import type { Diagnostic } from '../../contracts/diagnostics.js';
import type { Pipeline } from '../model.js';
import { closestName } from './closestName.js';

/** Diagnostics for `jobs:`. */
export function validateJobs(pipeline: Pipeline): Diagnostic[] {
  const jobs = pipeline.jobs ?? [];
  if (!jobs.length) return [];
  const out: Diagnostic[] = [];
  const stepIds = new Set([...pipeline.steps, ...pipeline.finally].map((s) => s.id));
  const names = new Set(jobs.map((j) => j.name));
  const byId = new Map(pipeline.steps.map((s) => [s.id, s]));
  for (const job of jobs) {
    if (stepIds.has(job.name)) out.push({ severity: 'error', code: 'duplicate-id', message: `job '${job.name}' has the name of a step; 'needs: ${job.name}' would be ambiguous`, range: job.nameRange, data: { id: job.name } });
    for (const need of job.needs) {
      if (need.value === job.name) out.push({ severity: 'error', code: 'cycle', message: `job '${job.name}' needs itself`, range: need.range, data: { cycle: [job.name] } });
      else if (!names.has(need.value) && !stepIds.has(need.value)) {
        // A job may need other jobs and steps outside jobs.
        const s = closestName(need.value, [...[...names].filter((n) => n !== job.name), ...pipeline.steps.filter((x) => x.job === undefined).map((x) => x.id)]);
        out.push({ severity: 'error', code: 'unknown-need', message: `job '${job.name}' needs unknown job or step '${need.value}'${s ? ` (did you mean '${s}'?)` : ''}`, range: need.range, data: { need: need.value, ...(s ? { suggestion: s } : {}) } });
      }
    }
    for (const id of job.steps) {
      const step = byId.get(id);
      const own = step?.keyRanges?.matrix;
      if (job.matrix && own) out.push({ severity: 'error', code: 'schema', message: `'${id}' is in job '${job.name}', which has a matrix: its steps run once per job instance and cannot have their own`, range: own, data: { property: 'matrix' } });
      const ownServices = step?.keyRanges?.services;
      if (job.services?.length && ownServices) out.push({ severity: 'error', code: 'schema', message: `'${id}' is in job '${job.name}', which has services: declare this step's services on the job`, range: ownServices, data: { property: 'services' } });
    }
  }
  return out;
}
