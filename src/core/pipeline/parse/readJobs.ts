// `jobs:` — each job's steps are read like any step and then take the job's matrix, env, working
// folder and executor (a step's own keys win, env merged). Order inside a job becomes implicit
// needs: a step that writes no `needs` waits for the step written before it; a job's first steps
// wait for everything the job needs. A job named in `needs` stands for all of its steps.
import type { Document } from 'yaml';
import type { Job, Step, Template } from '../model.js';
import { readNeeds, readStepEntries } from './readStep.js';
import { matrixKeysOf, readEnv, readExecutor, readMatrix } from './readSpecs.js';
import { entriesOf, scalarString, toJS, type MapEntry } from './yamlNodes.js';
import { collectExpressions } from './collectExpressions.js';
import { isAliasFree } from './aliasFreeDocument.js';
import { readServices } from './readServices.js';
import { pointerSegment, type StepCache } from './stepCache.js';

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

function applyJob(step: Step, job: Job, jobHasEnv: boolean, read: Step, reused: boolean): void {
  // A copy made for the same job keys in the last parse holds them already; the matrix is the job's own
  // object (planning tells a job's instances apart by it), so it is set again.
  if (reused) {
    if (job.matrix && !read.matrix) step.matrix = job.matrix;
    return;
  }
  step.job = job.name;
  // A job without env leaves the step's own (never changed: a cached step's is shared).
  if (jobHasEnv) step.env = { ...job.env, ...step.env };
  if (step.workingDirectory === undefined && job.workingDirectory !== undefined) step.workingDirectory = job.workingDirectory;
  if (!step.executor && job.executor) step.executor = job.executor;
  // A step inside a job runs once per job instance; its own matrix is an error (validateJobs).
  if (job.matrix && !step.matrix) {
    step.matrix = job.matrix;
    step.matrixKeys = matrixKeysOf(job.matrix);
  }
}

/** Everything {@link applyJob} sets on a step, as one string (a copy made for it can serve the next parse). */
function jobContext(job: Job): string {
  const matrix = job.matrix ? { ...job.matrix, range: undefined } : null;
  return JSON.stringify([job.name, job.env, job.workingDirectory ?? null, job.executor ?? null, matrix]);
}

/**
 * Reads every job and its steps. `seenIds` holds the ids taken so far (first one wins, as for
 * `steps:`); `templates` resolves `uses:`; an editor's `cache` serves the steps as read from their
 * text, and the job's keys go onto copies of them. Implicit needs are set by {@link linkJobs}.
 */
export function readJobs(doc: Document, text: string, seenIds: Set<string>, templates: Map<string, Template>, cache?: StepCache): { jobs: Job[]; steps: Step[] } {
  const jobs: Job[] = [];
  const steps: Step[] = [];
  const seenJobs = new Set<string>();
  const entries = jobEntries(doc);
  entries.forEach((e, i) => {
    if (seenJobs.has(e.key)) return;
    seenJobs.add(e.key);
    const job = readJob(doc, text, e);
    const hasEnv = Object.keys(job.env).length > 0;
    // The last step's text ends where the job's next key starts, or the next job: not at the end of the
    // file, so an edit in a later job leaves it as it was.
    const fields = entriesOf(doc, e.value);
    const at = fields.findIndex((f) => f.key === 'steps');
    const after = (at >= 0 ? fields[at + 1]?.keyRange.start : undefined) ?? entries[i + 1]?.keyRange.start;
    const place = { container: `/jobs/${pointerSegment(e.key)}/steps`, ...(after !== undefined ? { end: after } : {}) };
    const context = cache ? jobContext(job) : '';
    for (const read of readStepEntries(doc, text, jobStepEntries(doc, e), false, seenIds, templates, cache, place)) {
      const { step, reused } = cache ? cache.detached(read, context) : { step: read, reused: false };
      applyJob(step, job, hasEnv, read, reused);
      job.steps.push(step.id);
      steps.push(step);
    }
    jobs.push(job);
  });
  return { jobs, steps };
}

/** Sets each step's implicit needs from job order, job `needs`, and `needs` naming a job. */
export function linkJobs(jobs: Job[], steps: Step[]): void {
  const jobByName = new Map(jobs.map((j) => [j.name, j]));
  const stepIds = new Set<string>();
  for (const s of steps) stepIds.add(s.id);
  // Each step's job and place in it: a job of n steps was scanned n times per step (n² per keystroke).
  const jobOf = new Map<string, Job>();
  const indexOf = new Map<string, number>();
  for (const job of jobs) {
    for (let i = 0; i < job.steps.length; i++) {
      jobOf.set(job.steps[i]!, job);
      indexOf.set(job.steps[i]!, i);
    }
  }
  const written = (step: Step, id: string): boolean => step.needs.some((n) => n.value === id);
  for (const step of steps) {
    let implicit: string[] | undefined;
    // A name in `needs` is a step id, or a job standing for all its steps (a step id wins a clash).
    for (const n of step.needs) if (!stepIds.has(n.value)) (implicit ??= []).push(...(jobByName.get(n.value)?.steps ?? []));
    const job = step.job !== undefined ? jobByName.get(step.job) : undefined;
    if (job) {
      const index = jobOf.get(step.id) === job ? indexOf.get(step.id)! : -1;
      const wroteNeeds = !!step.keyRanges?.needs || step.needs.length > 0;
      if (!wroteNeeds && index > 0) (implicit ??= []).push(job.steps[index - 1]!);
      else if (!step.needs.some((n) => jobOf.get(n.value) === job)) {
        for (const n of job.needs) {
          for (const id of stepIds.has(n.value) ? [n.value] : (jobByName.get(n.value)?.steps ?? [])) if (stepIds.has(id) && jobOf.get(id) !== job) (implicit ??= []).push(id);
        }
      }
    }
    // Most steps wait for the one before them alone: no set for one id.
    const unique = !implicit ? [] : implicit.length === 1 ? (implicit[0] !== step.id && !written(step, implicit[0]!) ? implicit : []) : [...new Set(implicit)].filter((id) => id !== step.id && !written(step, id));
    if (unique.length) step.implicitNeeds = unique;
    else if (step.implicitNeeds) delete step.implicitNeeds;
  }
}
