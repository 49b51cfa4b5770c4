// The real engine behind {@link EnginePort}: the pipeline core's parser, the runner, and the run
// store the CLI shares (`<workspace>/.ansflow/runs`).
import { dirname, join } from 'node:path';
import { parsePipeline } from '../../core/pipeline/index.js';
import type { ParsedPipeline, SecretSpec } from '../../core/pipeline/model.js';
import { EnvFileSecretProvider, RunHistory, RunStore, runPipeline, type Approver, type RunOptions, type RunRecord, type SecretProvider } from '../../core/runner/index.js';
import type { EnginePort, HistoryPort, RunRequest, StoredRun } from './engine.js';
import { selectSteps } from './selectSteps.js';
import { dependencyCacheEnv } from '../../core/runner/cache/withDependencyCache.js';
import { auditedApprover, recordRunEnd, type AuditLog } from '../../core/observability/audit/index.js';

function toStored(r: RunRecord, trigger: string): StoredRun {
  return {
    runId: r.runId,
    pipeline: r.pipeline,
    file: r.file,
    status: r.status,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    trigger,
    steps: r.steps.map((s) => ({
      step: s.step,
      stepId: s.stepId,
      status: s.status,
      ...(s.conclusion ? { conclusion: s.conclusion } : {}),
      durationMs: s.durationMs,
      attempts: s.attempts.length,
      exitCode: s.exitCode,
      reason: s.reason,
      ...(s.job ? { job: s.job } : {}),
      ...(s.jobKey ? { jobKey: s.jobKey } : {}),
      ...(s.artifacts?.length ? { artifacts: s.artifacts.map((a) => ({ path: a.path, size: a.size, stored: a.stored })) } : {}),
    })),
  };
}

/** History over one workspace's run store. */
function history(root: string, maxRuns: number): HistoryPort {
  const store = new RunStore({ root, maxRuns });
  const h = new RunHistory(store);
  const triggers = () => new Map(store.readIndex().map((e) => [e.runId, e.trigger ?? '']));
  return {
    root,
    list(limit) {
      const t = triggers();
      return h.listRuns({ limit }).map((r) => ({ runId: r.runId, pipeline: r.pipeline, file: r.file, status: r.status, startedAt: r.startedAt, durationMs: r.durationMs, trigger: t.get(r.runId) ?? '', steps: [] }));
    },
    get(runId) {
      const r = h.getRun(runId);
      return r ? toStored(r, triggers().get(r.runId) ?? '') : undefined;
    },
    readLog: (runId, step) => h.readLog(runId, step),
    // The run id and key come from a tree node or a command argument: the store checks both.
    artifactPath: (runId, stored) => h.artifactPath(runId, stored),
    // The store deletes only a run its index lists: the id comes from a command argument.
    delete: (runId) => store.deleteRun(runId),
    stamp: (runId) => store.stamp(runId),
  };
}

/** Creates the engine port; `maxRuns` is the history retention setting; `audit` records each run and approval decision. */
export function createEngine(options: { maxRuns: () => number; audit?: () => AuditLog }): EnginePort {
  const runOptions = (parsed: ParsedPipeline, request: RunRequest): RunOptions => {
    const base = new EnvFileSecretProvider({ env: process.env, baseDir: dirname(request.file) });
    const secrets: SecretProvider = {
      // secretStorage sources come from VS Code's SecretStorage (prompting once); env/file as in the CLI.
      resolve: async (spec: SecretSpec) => (spec.source.kind === 'secretStorage' ? request.secret(spec.name, spec.source.key) : base.resolve(spec)),
    };
    const audit = options.audit?.();
    const decide: Approver = {
      async decide(req) {
        const spec = [...parsed.pipeline.steps, ...parsed.pipeline.finally].find((s) => s.id === req.step.replace(/\[.*$/, ''));
        const r = await request.approve(req.step, req.message, req.approvers, spec?.approval?.timeoutMs, req.signal, req.runId);
        // The approver's comment rides in the reason: the step's log line on a rejection, the audit record always.
        const said = r.comment ? `: ${r.comment}` : '';
        return r.decision === 'approved'
          ? { decision: 'approved', by: r.by, ...(r.comment ? { reason: r.comment } : {}) }
          : { decision: 'rejected', by: r.by, reason: r.decision === 'timed-out' ? 'approval timed out' : `rejected by ${r.by}${said}` };
      },
    };
    const approver = audit ? auditedApprover(decide, audit, request.file) : decide;
    const root = join(request.workspaceRoot, '.ansflow', 'runs');
    return {
      workspace: dirname(request.file),
      params: request.params,
      concurrency: request.concurrency,
      store: new RunStore({ root, maxRuns: options.maxRuns() }),
      secrets,
      approver,
      from: request.from,
      rerunFailed: request.rerunFailedOf,
      dryRun: request.dryRun,
      trigger: request.trigger,
      interpreters: request.interpreters,
      // The dependency cache reads its folder and limit from the step environment (as the CLI does).
      baseEnv: dependencyCacheEnv(request.dependencyCache),
      // Half the runner's default batching: a person watches this terminal (the store gets every byte anyway).
      logBatchMs: 25,
    };
  };
  return {
    parse: (text, file, readFile) => parsePipeline(text, { file, readFile }),
    history: (workspaceRoot) => history(join(workspaceRoot, '.ansflow', 'runs'), options.maxRuns()),
    runOptions,
    start(parsed, request) {
      const target = request.only?.length ? selectSteps(parsed, request.only) : parsed;
      const handle = runPipeline(target, runOptions(parsed, request));
      const audit = options.audit?.();
      if (audit) void recordRunEnd(audit, handle, request.file, parsed.pipeline.name, request.dryRun ? 'plan' : undefined);
      return handle;
    },
  };
}
