// kubernetes.job — run an image to completion as a Job and stream its log.
import { requireImage, runJob, type JobSpec } from '../../../clients/kubernetes/runJob.js';
import type { StepContext, StepOutcome, StepType, WithValueKind } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { injectScript } from '../../inject/index.js';
import { evaluatorOf, substituteArgv } from '../../values/index.js';
import { bool, checkDuration, kubeForStep, requireKeys, seconds, str, strList } from './kubeForStep.js';

function envOf(w: Record<string, unknown>): Record<string, string> {
  const e = w.env;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return {};
  return Object.fromEntries(Object.entries(e as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/**
 * `script` and `command` are raw: both run under the pod's shell (or as argv, for a list command), so
 * each `${{ }}` becomes a reference to a pod environment variable quoted for its place (the shell
 * rules of src/core/runner/inject/), or, in a list, one argument.
 */
export const KUBERNETES_JOB_RAW_KEYS: Readonly<Record<string, WithValueKind>> = { script: 'raw', command: 'raw' };

function shellWithValues(text: string, key: string, env: Record<string, string>, ctx: Pick<StepContext, 'evaluate'>): string {
  const evaluate = evaluatorOf(ctx, key);
  if (!evaluate) return text;
  try {
    // The values travel in the Job's Secret, so no file fallback is needed for large ones.
    const r = injectScript('shell', text, evaluate, {
      prefix: 'ANSFLOW_VALUE_',
      firstIndex: Object.keys(env).filter((k) => k.startsWith('ANSFLOW_VALUE_')).length,
      envEntryLimit: Infinity,
      envTotalLimit: Infinity,
      writeValueFile: () => {
        throw new ToolError('invalid-input', `with.${key}: a value cannot be passed to the job`);
      },
    });
    Object.assign(env, r.env);
    return r.script;
  } catch (e) {
    if (e instanceof ToolError) throw e;
    throw new ToolError('invalid-input', `with.${key}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The Job a kubernetes.job step runs (pure apart from evaluating its values; unit-tested). */
export function jobSpecFromWith(ctx: Pick<StepContext, 'with' | 'evaluate' | 'runId' | 'stepId'>, namespace: string): JobSpec {
  const w = ctx.with;
  const env = envOf(w);
  const scriptText = str(w.script);
  const script = scriptText !== undefined ? shellWithValues(scriptText, 'script', env, ctx) : undefined;
  // A command given as one string is a shell command line; a list is argv.
  const command = script
    ? ['/bin/sh', '/ansflow/script']
    : typeof w.command === 'string'
      ? ['/bin/sh', '-c', shellWithValues(w.command, 'command', env, ctx)]
      : (substituteArgv(Array.isArray(w.command) ? w.command : strList(w.command), evaluatorOf(ctx, 'command'), 'command') ?? []);
  return {
    namespace,
    name: str(w.name) ?? `ansflow-${ctx.stepId}`,
    image: requireImage(w.image),
    command: command.length ? command : undefined,
    args: script ? undefined : strList(w.args).length ? strList(w.args) : undefined,
    env,
    files: script ? { script } : undefined,
    serviceAccount: str(w.serviceAccount),
    // Kubernetes wants whole seconds, at least one: `500ms` becomes 1, `1.5s` becomes 2.
    activeDeadlineSeconds: Math.max(1, Math.ceil(seconds(w.timeout) ?? 600)),
    backoffLimit: w.backoffLimit !== undefined && Number.isInteger(Number(w.backoffLimit)) ? Number(w.backoffLimit) : undefined,
    labels: { 'ansflow.dev/run': ctx.runId.slice(0, 63).replace(/[^a-zA-Z0-9._-]/g, '-') },
    keep: bool(w.keep),
  };
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const kube = kubeForStep(ctx);
  try {
    const result = await runJob(
      kube,
      jobSpecFromWith(ctx, kube.namespace),
      {
        signal: ctx.signal,
        onLog: (line) => ctx.log('stdout', line + '\n'),
        onStatus: (m) => {
          ctx.progress(m);
          ctx.log('system', m + '\n');
        },
      },
    );
    return { exitCode: result.exitCode, outputs: { job: result.jobName, pod: result.podName ?? '' }, message: result.reason };
  } finally {
    kube.dispose();
  }
}

/** Runs `image` (with `command`/`args` or an inline `script`) as a Kubernetes Job; the step's exit code is the container's. */
export const jobStep: StepType = {
  type: 'kubernetes.job',
  withValues: KUBERNETES_JOB_RAW_KEYS,
  validate: (w) => [...requireKeys(w, ['image']), ...checkDuration(w, 'timeout'), ...(str(w.script) && strList(w.command).length ? [{ key: 'script', message: "use either 'script' or 'command', not both" }] : [])],
  run,
  async dryRun(ctx) {
    ctx.log('system', `would run image ${str(ctx.with.image)} as a Job in namespace ${str(ctx.with.namespace) ?? '(context default)'}\n`);
    return { exitCode: 0 };
  },
  describe: (w) => `kubectl create job --image=${str(w.image) ?? '?'}${str(w.script) ? ' (script)' : strList(w.command).length ? ` -- ${strList(w.command).join(' ')}` : ''}`,
};
