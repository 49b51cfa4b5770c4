import { basename, dirname, resolve } from 'node:path';
import type { ImportDraft, ImportError, ImportResult, SourceGraph } from '../draft';
import { ImportNotes, quoteSource } from '../shared/importNotes';
import { uniqueId } from '../shared/pipelineText';
import type { VarRef } from './glCondition';
import { readJobs, stagesOf, type GlJob } from './glJobs';
import { loadGitlab } from './glLoad';
import { jobCondition, workflowCondition, type JobCondition } from './glRules';
import { convertJob, scriptLines } from './glStep';
import { expandValue, isGitlabVariable, predefined, referencedVars, type Expand } from './glVars';
import { isRecord } from '../../util/isRecord';

// .gitlab-ci.yml → import draft. Order follows GitLab: a job without `needs:` waits for every job
// of the earlier stages; `needs:` replaces that with exactly the jobs named (`needs: []`: none).

interface Planned {
  job: GlJob;
  id: string;
  stage: number;
  needs: string[];
  condition: JobCondition;
}

function pipelineName(path: string): string {
  const file = basename(path).replace(/\.ya?ml$/, '').replace(/\.?gitlab-ci$/, '');
  return file || basename(dirname(resolve(path))) || 'gitlab-ci';
}

/** A short name for an include's placeholder step: the included file's name without `.yml`. */
function includeStem(entry: unknown): string {
  const spec = isRecord(entry) ? (entry.remote ?? entry.template ?? entry.file ?? entry.component ?? entry.local ?? entry.project) : entry;
  const path = String(Array.isArray(spec) ? spec[0] : spec ?? '');
  const file = path.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return file.replace(/@.*$/, '').replace(/(\.gitlab-ci)?\.ya?ml$/i, '').toLowerCase() || 'file';
}

export function importGitlab(text: string, source: { path: string }): ImportResult {
  const loaded = loadGitlab(text, source.path);
  if (!loaded.ok) return loaded;
  const { config, unresolvedIncludes, conditionalIncludes, headerComment, keyComments } = loaded.result;
  const notes = new ImportNotes();
  const errors: ImportError[] = [];
  const { jobs, errors: jobErrors, missingBases } = readJobs(config, unresolvedIncludes.length > 0);
  errors.push(...jobErrors);
  if (!jobs.length) errors.push({ message: 'no jobs: every top-level key is a keyword or a hidden (.name) job' });
  if (errors.length) return { ok: false, errors };

  const pipeline: Record<string, unknown> = { version: 1, name: pipelineName(source.path) };
  const params: Record<string, unknown> = {};
  const globalEnv: Record<string, string> = {};
  const globalVarDefs = isRecord(config.variables) ? config.variables : {};
  const expandGlobal: Expand = (name) => (name in globalEnv ? { literal: globalEnv[name] } : refExpand(name));
  const unknownInValues = new Set<string>();
  function refExpand(name: string): { expr: string } {
    const pre = predefined(name);
    if (pre) return { expr: pre };
    if (isGitlabVariable(name)) {
      unknownInValues.add(name);
      return { expr: `env.${name}` };
    }
    params[name] ??= { type: 'string', default: '' };
    return { expr: `params.${name}` };
  }
  for (const [name, raw] of Object.entries(globalVarDefs)) {
    const value = isRecord(raw) ? raw.value : raw;
    if (isRecord(raw) && (raw.description !== undefined || raw.options !== undefined)) {
      // A described variable is one people set when they start a pipeline: a parameter.
      const param: Record<string, unknown> = Array.isArray(raw.options) ? { type: 'choice', values: raw.options.map(String) } : { type: 'string' };
      param.default = String(value ?? '');
      if (typeof raw.description === 'string') param.description = raw.description;
      params[name] = param;
      globalEnv[name] = `\${{ params.${name} }}`;
      continue;
    }
    globalEnv[name] = isRecord(raw) && raw.expand === false ? String(value ?? '') : expandValue(String(value ?? ''), expandGlobal);
  }

  const stages = stagesOf(config);
  const taken = new Set<string>();
  const idOf = new Map<string, string>();
  const planned: Planned[] = [];
  for (const job of jobs) {
    const stageName = typeof job.def.stage === 'string' ? job.def.stage : 'test';
    const stage = stages.indexOf(stageName);
    if (stage < 0) {
      errors.push({ message: `job '${job.name}': stage '${stageName}' is not in stages (${stages.slice(1, -1).join(', ')})` });
      continue;
    }
    const id = uniqueId(job.name, taken);
    idOf.set(job.name, id);
    planned.push({ job, id, stage, needs: [], condition: { cond: 'true', when: 'on_success' } });
  }
  if (errors.length) return { ok: false, errors };

  const includeIds = unresolvedIncludes.map((inc) => uniqueId(`include-${includeStem(inc.original)}`, taken));
  for (const { job, base } of missingBases) {
    const id = idOf.get(job);
    if (id) notes.warn('changed-meaning', ['steps', id], `extends '${base}', which is not in the file: it may come from an include that is not read; its keys are missing here`);
  }
  for (const p of planned) {
    const path = ['steps', p.id];
    const def = p.job.def;
    const jobVarNames = new Set(isRecord(def.variables) ? Object.keys(def.variables) : []);
    const matrixKeys = new Set<string>();
    if (isRecord(def.parallel) && Array.isArray(def.parallel.matrix)) for (const e of def.parallel.matrix) if (isRecord(e)) for (const k of Object.keys(e)) matrixKeys.add(k);
    if (typeof def.parallel === 'number') matrixKeys.add('CI_NODE_INDEX');
    const ref: VarRef = (name) => {
      if (matrixKeys.has(name)) return `matrix.${name}`;
      if (jobVarNames.has(name) || (name in globalEnv && !(name in params))) return `env.${name}`;
      return refExpand(name).expr;
    };
    p.condition = jobCondition(def, ref, notes, path);
    if (def.needs !== undefined) {
      for (const n of Array.isArray(def.needs) ? def.needs : [def.needs]) {
        const spec: Record<string, unknown> = isRecord(n) ? n : { job: n };
        if (spec.pipeline !== undefined || spec.project !== undefined) {
          notes.warn('dropped', path, `${quoteSource('needs', spec).replace(/\n\s*/g, ' ')}: another pipeline's job is not run here`);
          continue;
        }
        const target = idOf.get(String(spec.job));
        if (!target && unresolvedIncludes.length && spec.optional !== true) {
          // The job may come from an include we did not read: wait for its placeholder(s).
          for (const id of includeIds) if (!p.needs.includes(id)) p.needs.push(id);
          notes.warn('changed-meaning', path, `needs '${String(spec.job)}', which is not in the file: it may come from an include that is not read; this job waits for ${includeIds.join(', ')} instead`);
          continue;
        }
        if (!target) {
          if (spec.optional === true) continue;
          errors.push({ message: `job '${p.job.name}' needs '${String(spec.job)}', which is not a job of the file` });
          continue;
        }
        p.needs.push(target);
        if (spec.parallel !== undefined) notes.comment(path, `needs ${String(spec.job)} with parallel: waits for every instance of it`);
      }
    } else {
      p.needs = planned.filter((o) => o.stage < p.stage).map((o) => o.id);
    }
  }
  if (errors.length) return { ok: false, errors };

  const byId = new Map(planned.map((p) => [p.id, p]));
  const conditional = (id: string) => {
    const c = byId.get(id)?.condition;
    return !!c && (c.cond !== 'true' || c.when === 'manual');
  };
  // Outputs: dotenv variables reach every job that (transitively) waits for their producer.
  const outputsOf = new Map<string, Map<string, string>>();
  const inherited = (p: Planned): Map<string, string> => {
    const out = new Map<string, string>();
    const seen = new Set<string>();
    const stack = [...p.needs];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const [k, v] of outputsOf.get(id) ?? []) if (!out.has(k)) out.set(k, v);
      stack.push(...(byId.get(id)?.needs ?? []));
    }
    return out;
  };

  const defaultsImage = (() => {
    const img = isRecord(config.default) ? config.default.image : config.image;
    if (typeof img === 'string') return expandValue(img, expandGlobal);
    if (isRecord(img) && typeof img.name === 'string') return expandValue(img.name, expandGlobal);
    return undefined;
  })();

  const stepsById = new Map<string, unknown>();
  const jobsById = new Map<string, unknown>();
  const graph: SourceGraph = { nodes: [], edges: [] };
  const order = topological(planned, includeIds);
  const scriptVars = new Set<string>();
  for (const p of order) {
    const def = p.job.def;
    const ownVars = new Set([...(isRecord(def.variables) ? Object.keys(def.variables) : []), ...(typeof def.parallel === 'number' ? ['CI_NODE_INDEX', 'CI_NODE_TOTAL'] : [])]);
    if (isRecord(def.parallel) && Array.isArray(def.parallel.matrix)) for (const e of def.parallel.matrix) if (isRecord(e)) for (const k of Object.keys(e)) ownVars.add(k);
    for (const line of [...scriptLines(def.before_script), ...scriptLines(def.script), ...scriptLines(def.after_script)]) for (const v of referencedVars(line)) if (!ownVars.has(v)) scriptVars.add(v);
    const comment = keyComments.get(p.job.name);
    if (comment) notes.comment(def.trigger === undefined && scriptLines(def.after_script).length ? ['jobs', p.id] : ['steps', p.id], comment);
    let condition = p.condition.cond;
    const when = p.condition.when;
    if (def.needs === undefined && (when === 'on_success' || when === 'manual') && p.needs.some(conditional)) {
      // GitLab leaves a job whose rules do not match out of the pipeline; here it is skipped, and a
      // skipped need would skip this job too. So: run unless an earlier job failed or the run stopped.
      condition = condition === 'true' ? '!failure() && !cancelled()' : `!failure() && !cancelled() && (${condition})`;
    }
    if (def.trigger !== undefined) {
      const stepValue: Record<string, unknown> = { type: 'placeholder' };
      if (p.job.name !== p.id) stepValue.name = p.job.name;
      if (p.needs.length) stepValue.needs = p.needs.length === 1 ? p.needs[0] : p.needs;
      if (condition !== 'true') stepValue.if = condition;
      stepValue.with = { original: quoteSource('trigger', def.trigger), reason: 'a downstream pipeline trigger has no local counterpart' };
      stepsById.set(p.id, stepValue);
      notes.warn('stand-in', ['steps', p.id], `job '${p.job.name}' triggers a downstream pipeline: replaced by a placeholder`);
      graph.nodes.push({ id: p.id, matrixSize: 1 });
    } else {
      const converted = convertJob(
        {
          id: p.id,
          name: p.job.name,
          def,
          needs: p.needs,
          condition: condition === 'true' ? undefined : condition,
          when,
          allowFailure: p.condition.allowFailure,
          ruleVariables: p.condition.ruleVariables,
          globalEnv,
          defaultImage: defaultsImage,
          expand: (matrixKeys, jobVars) => (name) => {
            if (matrixKeys.has(name)) return { expr: `matrix.${name}` };
            if (name in jobVars) return { literal: jobVars[name] };
            return expandGlobal(name);
          },
          inheritedOutputs: inherited(p),
        },
        notes,
      );
      (converted.kind === 'step' ? stepsById : jobsById).set(p.id, converted.value);
      outputsOf.set(p.id, new Map(converted.outputs.map((k) => [k, `steps.${converted.stepId}.outputs.${k}`])));
      graph.nodes.push({ id: p.id, matrixSize: converted.matrixSize });
    }
    for (const n of p.needs) graph.edges.push({ from: n, to: p.id });
  }

  const steps: Record<string, unknown> = Object.fromEntries(planned.filter((p) => stepsById.has(p.id)).map((p) => [p.id, stepsById.get(p.id)]));
  // An include that is not read stands for jobs we do not have: a placeholder step says so where
  // the editor and `ansflow validate` show it, as a Taskfile's remote include does.
  for (const [i, inc] of unresolvedIncludes.entries()) {
    const id = includeIds[i]!;
    const quoted = quoteSource('include', inc.original);
    steps[id] = { type: 'placeholder', with: { original: quoted, reason: inc.reason } };
    notes.warn('stand-in', ['steps', id], `${quoted.replace(/\n\s*/g, ' ')}: ${inc.reason}; its jobs are missing`);
    graph.nodes.push({ id, matrixSize: 1 });
  }
  const jobsOut = Object.fromEntries(planned.filter((p) => jobsById.has(p.id)).map((p) => [p.id, jobsById.get(p.id)]));
  graph.nodes.sort((a, b) => planned.findIndex((p) => p.id === a.id) - planned.findIndex((p) => p.id === b.id));
  const topIf = workflowCondition(config.workflow, (name) => (name in globalEnv && !(name in params) ? `env.${name}` : refExpand(name).expr), notes);
  if (topIf) pipeline.if = topIf;
  if (Object.keys(params).length) pipeline.params = params;
  const env: Record<string, string> = { ...globalEnv };
  const unknown: string[] = [];
  for (const v of [...scriptVars].sort()) {
    if (v in env) continue;
    const pre = predefined(v);
    if (pre) env[v] = `\${{ ${pre} }}`;
    else if (v in params) env[v] = `\${{ params.${v} }}`;
    else if (v === 'CI') env[v] = 'true';
    else if (isGitlabVariable(v)) unknown.push(v);
  }
  if (Object.keys(env).length) pipeline.env = env;
  if (unknownInValues.size) notes.warn('changed-meaning', [], `GitLab variables read by conditions or values have no local counterpart and read as empty: ${[...unknownInValues].sort().join(', ')}`);
  if (unknown.length) notes.warn('changed-meaning', [], `GitLab variables with no local value, empty unless set in your environment: ${unknown.join(', ')}`);
  if (defaultsImage) {
    pipeline.defaults = { executor: { kind: 'container', image: defaultsImage } };
    const img = isRecord(config.default) ? config.default.image : config.image;
    if (isRecord(img) && Object.keys(img).some((k) => k !== 'name')) notes.comment(['defaults'], `image ${Object.keys(img).filter((k) => k !== 'name').join(', ')} not kept: ${JSON.stringify(img)}`);
  }
  if (Object.keys(steps).length) pipeline.steps = steps;
  if (Object.keys(jobsOut).length) pipeline.jobs = jobsOut;
  if (!pipeline.steps) pipeline.steps = {};
  for (const inc of conditionalIncludes) notes.warn('changed-meaning', [], `include ${inc} has rules: its jobs are included whatever the rules say`);
  if (headerComment) notes.comments.unshift({ path: [], text: headerComment });

  const draft: ImportDraft = { format: 'gitlab', pipeline, comments: notes.comments, warnings: notes.warnings, sourceGraph: graph };
  return { ok: true, draft };
}

/** Jobs in an order where each comes after the jobs it needs (source order otherwise). */
/** `ready`: ids outside the jobs (include placeholders) that need no ordering. */
function topological(planned: Planned[], ready: string[]): Planned[] {
  const done = new Set<string>(ready);
  const out: Planned[] = [];
  let rest = planned;
  while (rest.length) {
    const ready = rest.filter((p) => p.needs.every((n) => done.has(n)));
    if (!ready.length) return [...out, ...rest];
    for (const p of ready) done.add(p.id);
    out.push(...ready);
    rest = rest.filter((p) => !done.has(p.id));
  }
  return out;
}
