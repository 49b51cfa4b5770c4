import type { DraftPath } from '../draft';
import { quoteSource, type ImportNotes } from '../shared/importNotes';
import { exprString } from '../shared/pipelineText';
import type { GlWhen } from './glRules';
import { artifactsOf, cacheOf, continueOnErrorOf, imageOf, matrixOf, retryOf, servicesOf, timeoutOf } from './glKeywords';
import { expandValue, type Expand } from './glVars';
import { isRecord } from '../../util/isRecord';

// One GitLab job as our step (or, when it has an after_script, as a job of two steps: GitLab runs
// after_script in a shell of its own even when the script failed, which our `after:` lines do not).

/** Keys read elsewhere (graph, conditions) or here; anything else gets a "not kept" comment. */
const HANDLED = new Set(['stage', 'needs', 'rules', 'only', 'except', 'when', 'script', 'before_script', 'after_script', 'variables', 'image', 'services', 'cache', 'artifacts', 'retry', 'timeout', 'allow_failure', 'parallel', 'environment', 'trigger', 'tags', 'dependencies', 'inherit', 'extends', 'interruptible', 'manual_confirmation', 'coverage', 'resource_group', 'start_in']);

export interface ConvertedJob {
  /** Where the job's main step lives in the draft. */
  stepPath: DraftPath;
  /** The `steps.<id>` name of the main step (for outputs). */
  stepId: string;
  /** `steps` entry or `jobs` entry. */
  kind: 'step' | 'job';
  value: Record<string, unknown>;
  matrixSize: number;
  /** Dotenv variables the job exports, for dependents. */
  outputs: string[];
}

export interface JobInput {
  id: string;
  name: string;
  def: Record<string, unknown>;
  needs: string[];
  condition: string | undefined;
  when: GlWhen;
  allowFailure: unknown;
  /** From the rules: each rule's test and the variables it sets. */
  ruleVariables?: { test: string; variables?: Record<string, unknown> }[];
  /** Global variables (already expanded), for services. */
  globalEnv: Record<string, string>;
  defaultImage?: string;
  /** `$VAR` in keyword values → literal or expression. */
  expand: (matrixKeys: Set<string>, jobVars: Record<string, string>) => Expand;
  /** Outputs of dotenv reports, name → expression, visible to this job. */
  inheritedOutputs: Map<string, string>;
}

/** Script entries flattened (a `!reference` may nest lists) into lines. */
export function scriptLines(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(scriptLines);
  return [String(v)];
}

function statusPrefix(when: GlWhen): string | undefined {
  if (when === 'on_failure') return 'failure()';
  if (when === 'always') return 'always()';
  return undefined;
}

function withCondition(status: string | undefined, cond: string | undefined): string | undefined {
  if (!cond || cond === 'true') return status;
  if (!status) return cond;
  return `${status} && (${cond})`;
}

function dotenvKeys(lines: string[], file: string): string[] {
  const keys = new Set<string>();
  for (const line of lines) {
    if (!line.includes(file)) continue;
    for (const m of line.matchAll(/\becho\s+["']?([A-Za-z_][A-Za-z0-9_]*)=/g)) keys.add(m[1]);
  }
  return [...keys];
}

export function convertJob(input: JobInput, notes: ImportNotes): ConvertedJob {
  const { def, id } = input;
  const afterLines = scriptLines(def.after_script);
  const kind: 'step' | 'job' = afterLines.length ? 'job' : 'step';
  const stepId = kind === 'job' ? `${id}-script` : id;
  const stepPath: DraftPath = kind === 'job' ? ['jobs', id, 'steps', stepId] : ['steps', id];
  const ownerPath: DraftPath = kind === 'job' ? ['jobs', id] : stepPath;

  const jobVars: Record<string, string> = {};
  const m = matrixOf(def.parallel);
  const matrixKeys = new Set(Object.keys(m.env));
  const expand = input.expand(matrixKeys, jobVars);
  if (isRecord(def.variables)) {
    for (const [k, raw] of Object.entries(def.variables)) {
      const value = isRecord(raw) ? raw.value : raw;
      const literal = isRecord(raw) && raw.expand === false;
      jobVars[k] = literal ? String(value ?? '') : expandValue(String(value ?? ''), expand);
    }
  }
  const expandText = (s: string) => expandValue(s, expand);

  const step: Record<string, unknown> = {};
  const owner: Record<string, unknown> = kind === 'job' ? {} : step;
  step.type = 'shell';
  if (input.name !== id) owner.name = input.name;
  if (input.needs.length) owner.needs = input.needs.length === 1 ? input.needs[0] : input.needs;
  const condition = withCondition(statusPrefix(input.when), input.condition);
  if (condition) step.if = condition;
  if (input.when === 'manual') {
    step.when = 'manual';
    if (typeof def.manual_confirmation === 'string') step.approval = { message: def.manual_confirmation };
  }
  if (input.when === 'delayed') notes.warn('changed-meaning', stepPath, `when: delayed${def.start_in ? ` (start_in: ${String(def.start_in)})` : ''} runs at once`);
  if (m.matrix) owner.matrix = m.matrix;
  const imageName = isRecord(def.image) ? def.image.name : def.image;
  const isDefaultImage = typeof imageName === 'string' && input.defaultImage !== undefined && expandText(imageName) === input.defaultImage;
  const image = isDefaultImage ? input.defaultImage : imageOf(def.image, expandText, notes, ownerPath);
  if (image && image !== input.defaultImage) owner.executor = { kind: 'container', image };
  if (image?.includes('${{')) notes.warn('changed-meaning', ownerPath, `the executor image is taken as written, not evaluated per run or instance (${image}): write one job per image, or a fixed image`);
  if (!image && input.defaultImage) owner.executor = 'local';

  const env: Record<string, string> = { ...m.env, ...jobVars };
  Object.assign(env, ruleVariableEnv(input, jobVars, expandText, notes, stepPath));
  const scriptText = [...scriptLines(def.before_script), ...scriptLines(def.script)].join('\n');
  for (const [name, expr] of input.inheritedOutputs) {
    if (!(name in env) && new RegExp(`\\$\\{?${name}\\b`).test(scriptText)) env[name] = `\${{ ${expr} }}`;
  }
  if (Object.keys(env).length) owner.env = env;
  const services = servicesOf(def.services, { ...input.globalEnv, ...jobVars }, expandText, notes, [...stepPath, 'services']);
  if (services) step.services = services;
  if (services && !image && !input.defaultImage) notes.warn('changed-meaning', [...stepPath, 'services'], 'the job has no image, so it runs on this machine and reaches its services on 127.0.0.1 at $ANSFLOW_SERVICE_<NAME>_HOST/_PORT, not by their GitLab host names');

  const timeout = timeoutOf(def.timeout, notes, stepPath);
  if (timeout) step.timeout = timeout;
  const retry = retryOf(def.retry, notes, stepPath);
  if (retry !== undefined && retry !== 0) step.retry = retry;
  const coe = continueOnErrorOf(input.allowFailure ?? def.allow_failure);
  if (coe !== undefined) step.continueOnError = coe;
  else if (def.when === 'manual' && def.rules === undefined && def.allow_failure === undefined) {
    // GitLab's manual jobs (outside rules) may fail or stay unstarted without holding back the pipeline.
    step.continueOnError = true;
    notes.comment([...stepPath, 'continueOnError'], 'a manual job allows failure in GitLab: refusing it does not stop the later stages');
  }
  const cache = cacheOf(def.cache, expandText, notes, stepPath);
  if (cache) step.cache = cache;

  const before = scriptLines(def.before_script);
  if (before.length) step.before = before;
  const lines = scriptLines(def.script);
  const arts = artifactsOf(def.artifacts, expandText, notes, stepPath);
  const outputs: string[] = [];
  for (const file of arts.dotenv) {
    const keys = dotenvKeys(lines, file);
    if (!keys.length) {
      notes.warn('dropped', stepPath, `dotenv report ${file}: its variables could not be found in the script, so later jobs do not get them`);
      continue;
    }
    lines.push(`cat ${file} >> "$ANSFLOW_OUTPUT"`);
    outputs.push(...keys);
    notes.comment([...stepPath, 'outputs'], `GitLab's dotenv report ${file}, handed to later jobs as outputs`);
  }
  step.with = { run: lines.join('\n') };
  if (outputs.length) step.outputs = Object.fromEntries(outputs.map((k) => [k, `from ${arts.dotenv.join(', ')}`]));
  if (arts.artifacts) step.artifacts = arts.artifacts;

  if (def.environment !== undefined) {
    const env = isRecord(def.environment) ? def.environment : { name: def.environment };
    notes.comment(stepPath, `GitLab environment: ${String(env.name)}${env.url ? ` (${String(env.url)})` : ''}${env.action ? `, action: ${String(env.action)}` : ''}; deployments are not tracked here`);
  }
  if (def.tags !== undefined) notes.comment(stepPath, `runner tags dropped: ${(Array.isArray(def.tags) ? def.tags : [def.tags]).join(', ')}`);
  for (const key of ['resource_group', 'interruptible', 'coverage', 'dependencies']) {
    if (def[key] !== undefined) notes.comment(stepPath, `${quoteSource(key, def[key]).replace(/\n\s*/g, ' ')} not kept`);
  }
  for (const key of Object.keys(def)) {
    if (!HANDLED.has(key)) notes.warn('dropped', stepPath, `${key}: has no counterpart and is not kept`);
  }

  if (kind === 'step') return { stepPath, stepId, kind, value: step, matrixSize: m.size, outputs };
  const after: Record<string, unknown> = {
    type: 'shell',
    if: `always() && steps.${stepId}.outcome != 'skipped'`,
    continueOnError: true,
    with: { run: afterLines.join('\n') },
  };
  notes.comment(['jobs', id, 'steps', `${id}-after`], "after_script: its own shell, run whatever the script's outcome; its failure does not fail the job");
  owner.steps = { [stepId]: step, [`${id}-after`]: after };
  return { stepPath, stepId, kind, value: owner, matrixSize: m.size, outputs };
}

/** The value a job-level expression stands for inside another expression. */
function asExpression(text: string): string {
  const whole = /^\$\{\{\s*([\s\S]*?)\s*\}\}$/.exec(text);
  return whole && !whole[1].includes('}}') ? whole[1] : exprString(text);
}

/**
 * `rules: variables:` — the first rule that matches sets them — as `case()` over the same tests, in
 * the same order: the first true test picks its rule's value, or the job's own value.
 */
function ruleVariableEnv(input: JobInput, jobVars: Record<string, string>, expand: (s: string) => string, notes: ImportNotes, path: DraftPath): Record<string, string> {
  const rules = input.ruleVariables;
  if (!rules) return {};
  const out: Record<string, string> = {};
  const names = [...new Set(rules.flatMap((r) => Object.keys(r.variables ?? {})))];
  for (const name of names) {
    const fallback = jobVars[name] ?? input.globalEnv[name] ?? '';
    const last = rules.map((r) => !!r.variables && name in r.variables).lastIndexOf(true);
    const args: string[] = [];
    let translatable = true;
    for (const rule of rules.slice(0, last + 1)) {
      const raw = rule.variables && name in rule.variables ? expand(String(rule.variables[name])) : fallback;
      if (raw.includes('${{') && !/^\$\{\{[^}]*\}\}$/.test(raw)) translatable = false;
      args.push(rule.test, asExpression(raw));
    }
    if (!translatable) {
      notes.warn('changed-meaning', path, `variable ${name} set by rules mixes text and variables; it keeps the job's value`);
      continue;
    }
    out[name] = `\${{ case(${[...args, asExpression(fallback)].join(', ')}) }}`;
  }
  if (names.length) notes.comment([...path, 'env'], `${names.join(', ')}: set by the first rule that matches, as in GitLab`);
  return out;
}
