// A GitHub Actions workflow → an import draft. Each GitHub job becomes one of our jobs (same name,
// same needs, same matrix); each step a step of that job, in order. The pipeline is meant to sit at
// the repository root, where GitHub runs the steps.
import type { DraftPath, ImportDraft, ImportResult, SourceGraph } from '../draft';
import { mapAction } from './actions';
import { artifactRoot } from './actions';
import { translateCondition, translateValue } from './expressions';
import { baseId, IdAllocator } from './ids';
import { mapStrategy } from './matrix';
import { ImportScope } from './scope';
import { mapScript } from './scripts';
import { mapServices } from './services';
import { nodeText, readSource, sourceComments, type SourceDoc } from './sourceText';
import { mapTriggers } from './triggers';
import { cachePathFrom, fromWorkingDirectory, type Rebased } from './workspacePaths';
import { isRecord } from '../../util/isRecord';

type Obj = Record<string, unknown>;

/** Where an action's comments and warnings wait until the step they belong to has its id. */
const PENDING: DraftPath = ['\u0000pending'];

const STATUS_FUNCTION = /\b(always|failure|cancelled|success)\s*\(/i;

/** `a && b` for two conditions; `always()` adds nothing to a condition with its own status function. */
function both(a: string, b: string): string {
  if (/^always\(\)$/i.test(a.trim()) && STATUS_FUNCTION.test(b)) return b;
  const wrap = (x: string) => (/\|\||\?|:/.test(x) ? `(${x})` : x);
  return `${wrap(a)} && ${wrap(b)}`;
}

function minutes(value: unknown): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  if (n === undefined) return undefined;
  return Number.isInteger(n) ? `${n}m` : `${Math.round(n * 60)}s`;
}

/** GitHub's environment variables a script may read, given from the `ci` context. */
const GITHUB_VARIABLES: Record<string, string> = {
  GITHUB_SHA: '${{ ci.commit }}',
  GITHUB_REF_NAME: '${{ ci.tag || ci.branch }}',
  GITHUB_HEAD_REF: '${{ ci.branch }}',
  GITHUB_REPOSITORY: '${{ ci.repository }}',
  GITHUB_EVENT_NAME: '${{ ci.event }}',
  GITHUB_RUN_ID: '${{ run.id }}',
};

interface JobDefaults {
  shell?: string;
}

class GithubConverter {
  readonly scope = new ImportScope();
  readonly ids: IdAllocator;
  readonly comments: ReturnType<typeof sourceComments>;
  readonly scriptsSeen: string[] = [];
  /** The GitHub-hosted Linux runners the jobs ask for, named once at the top. */
  readonly ubuntuLabels = new Set<string>();

  constructor(
    private readonly source: SourceDoc,
    private readonly wf: Obj,
    jobIds: string[],
  ) {
    this.ids = new IdAllocator(jobIds);
    this.comments = sourceComments(source);
  }

  private placeholder(original: string, reason: string): Obj {
    // A source `${{ }}` in the quoted text would be read as one of ours: break it up (the exact
    // text is in the comment above the step).
    return { type: 'placeholder', with: { original: original.replace(/\$\{\{/g, '$ {{'), reason } };
  }

  private stepCommon(s: Obj, step: Obj, at: DraftPath): void {
    if (s.if !== undefined) {
      const t = translateCondition(String(s.if), this.scope, at);
      if (t.ok) step.if = t.text;
      else {
        this.scope.warn('changed-meaning', at, `if: ${String(s.if)} dropped: ${t.reason}; the step runs when the steps before it succeed`);
        this.scope.comment(at, `if: ${String(s.if)} — not translated (${t.reason})`);
      }
    }
    if (isRecord(s.env)) step.env = { ...(translateValue(s.env, this.scope, [...at, 'env']) as Obj), ...((step.env as Obj) ?? {}) };
    if (typeof s['working-directory'] === 'string') step.workingDirectory = s['working-directory'];
    const timeout = minutes(s['timeout-minutes']);
    if (timeout) step.timeout = timeout;
    else if (s['timeout-minutes'] !== undefined) this.scope.warn('changed-meaning', at, `timeout-minutes: ${String(s['timeout-minutes'])} is not a number; no timeout set`);
    if (s['continue-on-error'] !== undefined) this.continueOnError(s['continue-on-error'], step, at);
  }

  /** A literal stays a boolean; `${{ matrix.experimental }}` is translated and evaluated per instance at run time. */
  private continueOnError(value: unknown, step: Obj, at: DraftPath): void {
    if (value === true || value === false || value === 'true' || value === 'false') {
      step.continueOnError = value === true || value === 'true';
      return;
    }
    const t = typeof value === 'string' && value.includes('${{') ? translateCondition(value, this.scope, at) : undefined;
    if (t?.ok) {
      step.continueOnError = `\${{ ${t.text} }}`;
      return;
    }
    const why = t ? t.reason : 'neither true, false nor an expression';
    this.scope.warn('changed-meaning', at, `continue-on-error: ${String(value)} is not translated (${why}): a failure fails the run`);
    this.scope.comment(at, `continue-on-error: ${String(value)} — not translated (${why}); a failure fails the run`);
  }

  /** `run:` → a shell (or python) step. */
  private runStep(s: Obj, at: DraftPath, defaults: JobDefaults): { step: Obj; exported: string[] } {
    const run = String(s.run);
    this.scriptsSeen.push(run);
    const shell = typeof s.shell === 'string' ? s.shell : defaults.shell;
    const step: Obj = {};
    const language = shell === 'python' ? 'python' : 'shell';
    const mapped = mapScript(run, language, isRecord(s.env) ? s.env : {}, this.scope, at);
    step.type = language === 'python' ? 'python' : 'shell';
    if (Object.keys(mapped.env).length) step.env = mapped.env;
    const w: Obj = language === 'python' ? { script: mapped.script } : { run: mapped.script };
    if (shell && shell !== 'bash' && shell !== 'python') {
      const word = shell.split(/\s+/)[0]!;
      w.shell = word === 'powershell' ? 'pwsh' : word;
      if (/\{0\}/.test(shell)) this.scope.warn('changed-meaning', at, `shell: ${shell}: only the program (${word}) is kept; its options are not`);
    }
    step.with = w;
    return { step, exported: mapped.exportedEnv };
  }

  convertJob(jid: string, job: Obj, graph: SourceGraph): Obj {
    const scope = this.scope;
    const at: DraftPath = ['jobs', jid];
    scope.stepIds = new Map();
    const out: Obj = {};
    const needs = typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs.map(String) : [];
    for (const n of needs) graph.edges.push({ from: n, to: jid });
    if (needs.length) out.needs = needs.length === 1 ? needs[0] : needs;
    const jobComment = this.comments.jobs.get(jid);
    if (jobComment) scope.comment(at, jobComment);

    if (typeof job.uses === 'string') {
      graph.nodes.push({ id: jid, matrixSize: 1 });
      const id = this.ids.take(`${jid}-workflow`, jid);
      scope.comment([...at, 'steps', id], nodeText(this.source, ['jobs', jid]) || `uses: ${job.uses}`);
      scope.warn('stand-in', [...at, 'steps', id], `job ${jid} calls the reusable workflow ${job.uses}: import that workflow and put its jobs here`);
      out.steps = { [id]: this.placeholder(`uses: ${job.uses}`, 'a reusable workflow: import it and put its jobs here') };
      return out;
    }

    const strategy = mapStrategy(job.strategy, scope, at);
    graph.nodes.push({ id: jid, matrixSize: strategy.size });
    scope.plainMatrixKeys = strategy.plainKeys;
    if (strategy.matrix) out.matrix = strategy.matrix;

    const container = typeof job.container === 'string' ? { image: job.container } : isRecord(job.container) ? job.container : undefined;
    const env: Obj = { ...(isRecord(container?.env) ? container.env : {}), ...(isRecord(job.env) ? job.env : {}) };
    if (Object.keys(env).length) out.env = translateValue(env, scope, [...at, 'env']);
    const run = isRecord(job.defaults) && isRecord(job.defaults.run) ? job.defaults.run : {};
    if (typeof run['working-directory'] === 'string') out.workingDirectory = run['working-directory'];
    const topRun = isRecord(this.wf.defaults) && isRecord(this.wf.defaults.run) ? this.wf.defaults.run : {};
    const defaults: JobDefaults = { shell: typeof run.shell === 'string' ? run.shell : typeof topRun.shell === 'string' && topRun.shell === 'python' ? 'python' : undefined };
    if (container) {
      out.executor = { kind: 'container', image: translateValue(container.image, scope, [...at, 'executor', 'image']) };
      if (container.options || container.volumes || container.ports) scope.warn('changed-meaning', [...at, 'executor'], `job ${jid}: container options, volumes and ports are not translated`);
    }
    if (job['runs-on'] !== undefined) {
      const label = Array.isArray(job['runs-on']) ? job['runs-on'].join(', ') : isRecord(job['runs-on']) ? JSON.stringify(job['runs-on']) : String(job['runs-on']);
      if (/^ubuntu-[\w.]+$/.test(label)) this.ubuntuLabels.add(label);
      else {
        scope.comment(at, `runs-on: ${label} — dropped: the steps run on this machine${container ? ' (in the container below)' : ''}`);
        scope.warn('dropped', at, `runs-on: ${label} is dropped: the steps run on this machine`);
      }
    }
    for (const key of ['permissions', 'concurrency', 'environment'] as const) {
      if (job[key] === undefined || key === 'environment') continue;
      scope.comment(at, `${key}: ${JSON.stringify(job[key])} — GitHub only, not translated`);
    }

    // Job-wide settings that our jobs do not have are written on each step.
    const jobIf = job.if !== undefined ? translateCondition(String(job.if), scope, at) : undefined;
    if (jobIf && !jobIf.ok) {
      scope.warn('changed-meaning', at, `job ${jid}: if: ${String(job.if)} dropped: ${jobIf.reason}`);
      scope.comment(at, `if: ${String(job.if)} — not translated (${jobIf.reason})`);
    }
    const jobTimeout = minutes(job['timeout-minutes']);
    if (jobTimeout) scope.comment(at, `timeout-minutes: ${String(job['timeout-minutes'])} bounds the whole job on GitHub; here each step`);
    const services = mapServices(job.services, !!container, scope, [...at, 'services']);

    const topWorkingDirectory = isRecord(this.wf.defaults) && isRecord(this.wf.defaults.run) ? this.wf.defaults.run['working-directory'] : undefined;
    // GitHub's paths are from the workspace root; ours from the step's working directory.
    const workingDirectoryOf = (step: Obj): string | undefined => {
      const wd = step.workingDirectory ?? out.workingDirectory ?? topWorkingDirectory;
      return typeof wd === 'string' ? wd : undefined;
    };
    const steps: Obj = {};
    const sourceSteps = Array.isArray(job.steps) ? job.steps : [];
    let pendingCache: Obj | undefined;
    const pendingComments: string[] = [];
    let lastRun: { id: string; step: Obj } | undefined;
    const exportedEnv = new Map<string, string>();
    const stepComments = this.comments.steps.get(jid);
    const runSteps: string[] = [];
    let first = true;

    const place = (s: Obj, index: number, step: Obj, comment?: string): string => {
      const id = this.ids.take(baseId(s), jid);
      if (typeof s.id === 'string') scope.stepIds.set(s.id, id);
      const path: DraftPath = [...at, 'steps', id];
      this.renamePaths(PENDING, path);
      const sourceComment = stepComments?.get(index);
      if (sourceComment) scope.comment(path, sourceComment);
      for (const c of pendingComments.splice(0)) scope.comment(path, c);
      if (comment) scope.comment(path, comment);
      const body: Obj = {};
      if (typeof s.name === 'string' && s.name !== id) body.name = translateValue(s.name, scope, [...path, 'name']);
      body.type = step.type;
      this.stepCommon(s, body, path);
      // Combine the job's condition with the step's where the step could otherwise run without it.
      if (jobIf?.ok && (first || (typeof body.if === 'string' && STATUS_FUNCTION.test(body.if)))) {
        body.if = typeof body.if === 'string' ? both(jobIf.text, body.if) : jobIf.text;
      }
      if (first && job.environment !== undefined) {
        const envName = isRecord(job.environment) ? String(job.environment.name) : String(job.environment);
        body.when = 'manual';
        scope.comment([...path, 'when'], `environment: ${envName} — GitHub asks its reviewers; here you approve before the job starts`);
      }
      const env = { ...((step.env as Obj) ?? {}), ...((body.env as Obj) ?? {}) };
      for (const [name, value] of exportedEnv) if (!(name in env)) env[name] = value;
      if (Object.keys(env).length) body.env = env;
      else delete body.env;
      if (!body.timeout && jobTimeout) body.timeout = jobTimeout;
      if (body.continueOnError === undefined && job['continue-on-error'] !== undefined) this.continueOnError(job['continue-on-error'], body, path);
      if (step.type !== 'placeholder' && pendingCache) {
        const paths = this.rebased(pendingCache.paths as string[], workingDirectoryOf(body), path, 'cache', cachePathFrom);
        if (paths.length) body.cache = { ...pendingCache, paths };
        else scope.comment(path, 'cache: none of its paths is inside this step\'s working directory, so nothing is cached');
        pendingCache = undefined;
      }
      if ((step.type === 'shell' || step.type === 'python') && services && Object.keys(services).length) {
        body.services = structuredClone(services);
        runSteps.push(id);
      }
      for (const [k, v] of Object.entries(step)) if (k !== 'type' && k !== 'env') body[k] = v;
      steps[id] = body;
      first = false;
      return id;
    };

    sourceSteps.forEach((raw, index) => {
      const s = isRecord(raw) ? raw : {};
      if (typeof s.uses === 'string') {
        const withArgs = isRecord(s.with) ? s.with : {};
        const m = mapAction(s.uses, withArgs, scope, PENDING);
        if (m.kind === 'drop') {
          pendingComments.push(m.comment);
          return;
        }
        if (m.kind === 'cache') {
          pendingCache = m.cache;
          pendingComments.push(`cache: from ${s.uses} (restored before this step, saved after it succeeds)`);
          return;
        }
        if (m.kind === 'artifacts') {
          if (lastRun) {
            const list = (lastRun.step.artifacts as string[] | undefined) ?? [];
            const paths = this.rebased(m.paths, workingDirectoryOf(lastRun.step), [...at, 'steps', lastRun.id], 'artifact', fromWorkingDirectory);
            lastRun.step.artifacts = [...list, ...paths];
            scope.artifacts.set(m.name, { step: lastRun.id, root: artifactRoot(paths), matrix: !!strategy.matrix });
            this.renamePaths(PENDING, [...at, 'steps', lastRun.id]);
            scope.comment([...at, 'steps', lastRun.id, 'artifacts'], `${s.uses} (name: ${m.name}); kept after this step whether it succeeded or failed`);
            return;
          }
          const original = nodeText(this.source, ['jobs', jid, 'steps', index]);
          const id = place(s, index, this.placeholder(original, 'no earlier step in this job produces these files'), original);
          scope.warn('stand-in', [...at, 'steps', id], `${s.uses}: no earlier step of job ${jid} to keep the files of`);
          return;
        }
        if (m.kind === 'step') {
          const id = place(s, index, m.step, m.comment);
          lastRun = { id, step: steps[id] as Obj };
          return;
        }
        const original = nodeText(this.source, ['jobs', jid, 'steps', index]);
        const id = place(s, index, this.placeholder(original, m.reason), original);
        scope.warn('stand-in', [...at, 'steps', id], `${s.uses}: ${m.reason}`);
        return;
      }
      if (typeof s.run === 'string') {
        const id = this.ids.take(baseId(s), jid);
        // The id is needed before the script is mapped (comments and env paths); give it back to place().
        const probe = this.runStep(s, [...at, 'steps', id], defaults);
        this.ids.release(id);
        const placed = place(s, index, probe.step);
        if (placed !== id) this.renamePaths([...at, 'steps', id], [...at, 'steps', placed]);
        lastRun = { id: placed, step: steps[placed] as Obj };
        for (const name of probe.exported) exportedEnv.set(name, `\${{ steps.${placed}.outputs.${name} }}`);
        return;
      }
      scope.warn('dropped', [...at, 'steps'], `job ${jid}: step ${index + 1} has neither run: nor uses: and is dropped`);
    });
    if (pendingCache || pendingComments.length) {
      const id = this.ids.take(`${jid}-end`, jid);
      steps[id] = { type: 'shell', with: { run: 'true' } };
      this.renamePaths(PENDING, [...at, 'steps', id]);
      for (const c of pendingComments.splice(0)) scope.comment([...at, 'steps', id], c);
      if (pendingCache) scope.warn('changed-meaning', [...at, 'steps', id], `job ${jid}: actions/cache is its last step; nothing fills the cache`);
    }
    if (Object.keys(steps).length === 0) {
      const id = this.ids.take(`${jid}-empty`, jid);
      steps[id] = { type: 'shell', with: { run: 'true' } };
      scope.comment([...at, 'steps', id], `job ${jid} had no step that runs locally`);
    }
    if (runSteps.length > 1) scope.warn('changed-meaning', [...at, 'services'], `job ${jid}: services run for the whole job on GitHub; here each of its steps ${runSteps.join(', ')} gets fresh ones`);
    if (isRecord(job.outputs)) out.outputs = translateValue(job.outputs, scope, [...at, 'outputs']);
    scope.jobSteps.set(jid, Object.keys(steps));
    out.steps = steps;
    return out;
  }

  /** Workspace paths as seen from `wd`; a path that cannot be is left out with a warning. */
  private rebased(paths: string[], wd: string | undefined, at: DraftPath, what: string, rebase: (p: string, wd: string | undefined) => Rebased): string[] {
    const out: string[] = [];
    for (const p of paths) {
      const r = rebase(p, wd);
      if (r.ok) out.push(r.path);
      else this.scope.warn('changed-meaning', at, `${what} path ${p} is left out: ${r.reason}`);
    }
    return out;
  }

  private renamePaths(from: DraftPath, to: DraftPath): void {
    const starts = (p: DraftPath) => from.every((x, i) => p[i] === x);
    for (const c of this.scope.comments) if (starts(c.path)) c.path = [...to, ...c.path.slice(from.length)];
    for (const w of this.scope.warnings) if (starts(w.path)) w.path = [...to, ...w.path.slice(from.length)];
  }
}

/** What GitHub refuses in a job's needs: a job not in the workflow, or the job itself. */
function neededBy(jobs: Obj, jid: string): string[] {
  const job = jobs[jid];
  const needs = isRecord(job) ? (typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs.map(String) : []) : [];
  return needs.flatMap((n) => (n === jid ? [`job '${jid}' needs itself`] : Object.hasOwn(jobs, n) ? [] : [`job '${jid}' needs '${n}', which is not a job of the workflow`]));
}

export function importGithub(text: string, source: { path: string }): ImportResult {
  const read = readSource(text);
  if (!read.ok) return read;
  const wf = read.source.value;
  if (!isRecord(wf) || !isRecord(wf.jobs) || Object.keys(wf.jobs).length === 0) {
    return { ok: false, errors: [{ message: 'not a GitHub Actions workflow: it has no jobs: mapping' }] };
  }
  const jobIds = Object.keys(wf.jobs);
  const bad = jobIds.find((id) => !/^[A-Za-z0-9_-]{1,100}$/.test(id));
  if (bad) return { ok: false, errors: [{ message: `job id '${bad}' is not a valid GitHub job id (letters, digits, - and _)` }] };
  const unknownNeeds = jobIds.flatMap((jid) => neededBy(wf.jobs as Obj, jid));
  if (unknownNeeds.length) return { ok: false, errors: unknownNeeds.map((message) => ({ message })) };
  const c = new GithubConverter(read.source, wf, jobIds);
  const scope = c.scope;
  const graph: SourceGraph = { nodes: [], edges: [] };

  const topEnv = isRecord(wf.env) ? (translateValue(wf.env, scope, ['env']) as Obj) : {};
  const jobs: Obj = {};
  for (const jid of jobIds) jobs[jid] = c.convertJob(jid, isRecord(wf.jobs[jid]) ? (wf.jobs[jid] as Obj) : {}, graph);
  const triggers = mapTriggers(wf.on, scope);

  const pipeline: Obj = { version: 1 };
  if (typeof wf.name === 'string') pipeline.name = wf.name;
  const params: Obj = { ...triggers.params };
  for (const [name, origin] of scope.params) if (!(name in params)) params[name] = { type: 'string', default: '', description: `was a GitHub ${origin}` };
  if (Object.keys(params).length) pipeline.params = params;
  if (scope.secrets.size) pipeline.secrets = Object.fromEntries([...scope.secrets].sort().map((s) => [s, { from: 'env', required: false }]));
  const used = Object.keys(GITHUB_VARIABLES).filter((v) => c.scriptsSeen.some((s) => new RegExp(`\\$\\{?${v}\\b`).test(s)) && !(v in topEnv));
  const env: Obj = { ...topEnv, ...Object.fromEntries(used.map((v) => [v, GITHUB_VARIABLES[v]])) };
  if (Object.keys(env).length) pipeline.env = env;
  if (used.length) scope.comment(['env', used[0]!], "GitHub's own variables the scripts read, from the ci context");
  const topRun = isRecord(wf.defaults) && isRecord(wf.defaults.run) ? wf.defaults.run : {};
  const defaults: Obj = {};
  if (typeof topRun['working-directory'] === 'string') defaults.workingDirectory = topRun['working-directory'];
  if (typeof topRun.shell === 'string' && topRun.shell !== 'python' && topRun.shell !== 'bash') defaults.shell = topRun.shell.split(/\s+/)[0];
  if (Object.keys(defaults).length) pipeline.defaults = defaults;
  pipeline.jobs = jobs;

  const name = source.path.replace(/\\/g, '/').split('/').pop();
  const head = [`Imported from ${name} (GitHub Actions) by ansflow import.`];
  if (triggers.summary) head.push(triggers.summary);
  if (c.ubuntuLabels.size) head.push(`runs-on: ${[...c.ubuntuLabels].join(', ')} — GitHub's runners; here the steps run on this machine`);
  for (const key of ['permissions', 'concurrency', 'run-name'] as const) if (wf[key] !== undefined) head.push(`${key}: ${JSON.stringify(wf[key])} — GitHub only, not translated`);
  if (c.comments.top) head.push('', c.comments.top);
  scope.comments.unshift({ path: [], text: head.join('\n') });
  for (const [message, path] of scope.notes) scope.warn('changed-meaning', path, message);

  const draft: ImportDraft = { format: 'github', pipeline, comments: scope.comments, warnings: scope.warnings, sourceGraph: graph };
  return { ok: true, draft };
}
