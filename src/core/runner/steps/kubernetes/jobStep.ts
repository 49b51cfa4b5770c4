// kubernetes.job — run an image to completion as a Job and stream its log.
import { requireImage, runJob, type JobSpec } from '../../../clients/kubernetes/runJob.js';
import type { StepContext, StepOutcome, StepType, WithValueKind } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { injectScript } from '../../inject/index.js';
import { evaluatorOf, substituteArgv } from '../../values/index.js';
import { kubeForStep } from './kubeForStep.js';
import { WithParams } from '../WithParams.js';

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
  const w = WithParams.of(ctx);
  const env = w.map('env') ?? {};
  const scriptText = w.string('script');
  const rawCommand = w.get('command');
  const args = w.list('args');
  const script = scriptText !== undefined ? shellWithValues(scriptText, 'script', env, ctx) : undefined;
  // A command given as one string is a shell command line; a list is argv.
  const command = script
    ? ['/bin/sh', '/ansflow/script']
    : typeof rawCommand === 'string'
      ? ['/bin/sh', '-c', shellWithValues(rawCommand, 'command', env, ctx)]
      : (substituteArgv(w.list('command') ?? [], evaluatorOf(ctx, 'command'), 'command') ?? []);
  return {
    namespace,
    name: w.string('name') ?? `ansflow-${ctx.stepId}`,
    image: requireImage(w.get('image')),
    command: command.length ? command : undefined,
    args: script || !args?.length ? undefined : args,
    env,
    files: script ? { script } : undefined,
    serviceAccount: w.string('serviceAccount'),
    // Kubernetes wants whole seconds, at least one: `500ms` becomes 1, `1.5s` becomes 2.
    activeDeadlineSeconds: Math.max(1, Math.ceil(w.seconds('timeout') ?? 600)),
    backoffLimit: w.number('backoffLimit', { integer: true, min: 0 }),
    labels: { 'ansflow.dev/run': ctx.runId.slice(0, 63).replace(/[^a-zA-Z0-9._-]/g, '-') },
    keep: w.bool('keep', false),
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
  validate(withParams) {
    const w = WithParams.check(withParams).require('image');
    w.duration('timeout');
    w.number('backoffLimit', { integer: true, min: 0 });
    w.map('env');
    w.list('args');
    w.bool('keep');
    if (w.string('script') && w.has('command')) w.fail('script', "use either 'script' or 'command', not both");
    return w.problems;
  },
  run,
  async dryRun(ctx) {
    const w = WithParams.of(ctx);
    ctx.log('system', `would run image ${w.string('image')} as a Job in namespace ${w.string('namespace') ?? '(context default)'}\n`);
    return { exitCode: 0 };
  },
  describe(withParams) {
    const w = WithParams.check(withParams);
    const command = w.list('command') ?? [];
    return `kubectl create job --image=${w.string('image') ?? '?'}${w.string('script') ? ' (script)' : command.length ? ` -- ${command.join(' ')}` : ''}`;
  },
};
