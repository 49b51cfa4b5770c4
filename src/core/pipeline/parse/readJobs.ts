// `jobs:` — each job's steps are read like any step and then take the job's matrix, env, working
// folder and executor (a step's own keys win, env merged). Order inside a job becomes implicit
// needs: a step that writes no `needs` waits for the step written before it; a job's first steps
// wait for everything the job needs. A job named in `needs` stands for all of its steps.
import type { Document } from 'yaml';
import type { Job, Located, Step, Template } from '../model.js';
import { readNeeds, readStepEntries } from './readStep.js';
import { matrixKeysOf, readEnv, readExecutor, readMatrix } from './readSpecs.js';
import { entriesOf, scalarString, toJS, type MapEntry } from './yamlNodes.js';
import { collectExpressions } from './collectExpressions.js';
import { isAliasFree } from './aliasFreeDocument.js';
import { readServices } from './readServices.js';

// The job's steps carry their own expressions.
const SKIP_STEPS = new Set(['steps']);

/** The `jobs:` entries (duplicates included, for the validator). */
export function jobEntries(doc: Document): MapEntry[] {
  const root = doc.contents;
  const section = entriesOf(doc, root).find((e) => e.key === 'jobs');
  return entriesOf(doc, section?.value);
}

/** The step entries of one job (duplicates included). */
export function jobStepEntries(doc: Document, job: MapEntry): MapEntry[] {
  return entriesOf(doc, entriesOf(doc, job.value).find((f) => f.key === 'steps')?.value);
}

function readJob(doc: Document, text: string, e: MapEntry): Job {
  const fields = new Map<string, MapEntry>();
  for (const f of entriesOf(doc, e.value)) if (!fields.has(f.key)) fields.set(f.key, f);
  const get = (k: string): unknown => toJS(doc, fields.get(k)?.value);
  const job: Job = { name: e.key, nameRange: e.keyRange, range: e.range, needs: readNeeds(doc, fields.get('needs')), env: readEnv(get('env')), outputs: {}, steps: [] };
  const name = scalarString(doc, fields.get('name')?.value);
  if (name !== undefined) job.displayName = name;
  const description = scalarString(doc, fields.get('description')?.value);
  if (description !== undefined) job.description = description;
  const matrix = fields.get('matrix') ? readMatrix(doc, fields.get('matrix')!.value) : undefined;
  if (matrix) job.matrix = matrix;
  const wd = get('workingDirectory');
  if (typeof wd === 'string') job.workingDirectory = wd;
  const executor = readExecutor(get('executor'));
  if (executor) job.executor = executor;
  const outputs = get('outputs');
  if (outputs && typeof outputs === 'object' && !Array.isArray(outputs)) {
    for (const [k, v] of Object.entries(outputs)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') job.outputs[k] = String(v);
  }
  const services = readServices(get('services'));
  if (services) job.services = services;
  const expressions: NonNullable<Job['expressions']> = [];
  collectExpressions(doc, text, e.value, [], expressions, SKIP_STEPS, !isAliasFree(doc));
  if (expressions.length) job.expressions = expressions;
  return job;
}

function applyJob(step: Step, job: Job): void {
  step.job = job.name;
  step.env = { ...job.env, ...step.env };
  if (step.workingDirectory === undefined && job.workingDirectory !== undefined) step.workingDirectory = job.workingDirectory;
  if (!step.executor && job.executor) step.executor = job.executor;
  // A step inside a job runs once per job instance; its own matrix is an error (validateJobs).
  if (job.matrix && !step.matrix) {
    step.matrix = job.matrix;
    step.matrixKeys = matrixKeysOf(job.matrix);
  }
}

/**
 * Reads every job and its steps. `seenIds` holds the ids taken so far (first one wins, as for
 * `steps:`); `templates` resolves `uses:`. Implicit needs are set by {@link linkJobs}.
 */
export function readJobs(doc: Document, text: string, seenIds: Set<string>, templates: Map<string, Template>): { jobs: Job[]; steps: Step[] } {
  const jobs: Job[] = [];
  const steps: Step[] = [];
  const seenJobs = new Set<string>();
  for (const e of jobEntries(doc)) {
    if (seenJobs.has(e.key)) continue;
    seenJobs.add(e.key);
    const job = readJob(doc, text, e);
    for (const step of readStepEntries(doc, text, jobStepEntries(doc, e), false, seenIds, templates)) {
      applyJob(step, job);
      job.steps.push(step.id);
      steps.push(step);
    }
    jobs.push(job);
  }
  return { jobs, steps };
}

/** Sets each step's implicit needs from job order, job `needs`, and `needs` naming a job. */
export function linkJobs(jobs: Job[], steps: Step[]): void {
  const jobByName = new Map(jobs.map((j) => [j.name, j]));
  const stepIds = new Set(steps.map((s) => s.id));
  // A name in `needs` is a step id, or a job standing for all its steps (a step id wins a clash).
  const expand = (needs: Array<Located<string>>): string[] => needs.flatMap((n) => (stepIds.has(n.value) ? [] : (jobByName.get(n.value)?.steps ?? [])));
  const expandAll = (needs: Array<Located<string>>): string[] => needs.flatMap((n) => (stepIds.has(n.value) ? [n.value] : (jobByName.get(n.value)?.steps ?? [])));
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const step of steps) {
    const implicit = expand(step.needs);
    const job = step.job !== undefined ? jobByName.get(step.job) : undefined;
    if (job) {
      const inJob = step.needs.some((n) => job.steps.includes(n.value));
      const index = job.steps.indexOf(step.id);
      const wroteNeeds = !!step.keyRanges?.needs || step.needs.length > 0;
      if (!wroteNeeds && index > 0) implicit.push(job.steps[index - 1]!);
      else if (!inJob) implicit.push(...expandAll(job.needs).filter((id) => byId.has(id) && !job.steps.includes(id)));
    }
    const unique = [...new Set(implicit)].filter((id) => id !== step.id && !step.needs.some((n) => n.value === id));
    if (unique.length) step.implicitNeeds = unique;
    else delete step.implicitNeeds;
  }
}
