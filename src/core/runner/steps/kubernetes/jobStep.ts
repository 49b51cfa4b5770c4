// kubernetes.job — run an image to completion as a Job and stream its log.
import { requireImage, runJob } from '../../../clients/kubernetes/runJob.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { bool, checkDuration, kubeForStep, requireKeys, seconds, str, strList } from './kubeForStep.js';

function envOf(w: Record<string, unknown>): Record<string, string> {
  const e = w.env;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return {};
  return Object.fromEntries(Object.entries(e as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = ctx.with;
  const kube = kubeForStep(ctx);
  try {
    const script = str(w.script);
    // A command given as one string is a shell command line; a list is argv.
    const command = script ? ['/bin/sh', '/ansflow/script'] : typeof w.command === 'string' ? ['/bin/sh', '-c', w.command] : strList(w.command);
    const result = await runJob(
      kube,
      {
        namespace: kube.namespace,
        name: str(w.name) ?? `ansflow-${ctx.stepId}`,
        image: requireImage(w.image),
        command: command.length ? command : undefined,
        args: script ? undefined : strList(w.args).length ? strList(w.args) : undefined,
        env: envOf(w),
        files: script ? { script } : undefined,
        serviceAccount: str(w.serviceAccount),
        activeDeadlineSeconds: seconds(w.timeout) ?? 600,
        backoffLimit: w.backoffLimit !== undefined && Number.isInteger(Number(w.backoffLimit)) ? Number(w.backoffLimit) : undefined,
        labels: { 'ansflow.dev/run': ctx.runId.slice(0, 63).replace(/[^a-zA-Z0-9._-]/g, '-') },
        keep: bool(w.keep),
      },
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
  validate: (w) => [...requireKeys(w, ['image']), ...checkDuration(w, 'timeout'), ...(str(w.script) && strList(w.command).length ? [{ key: 'script', message: "use either 'script' or 'command', not both" }] : [])],
  run,
  async dryRun(ctx) {
    ctx.log('system', `would run image ${str(ctx.with.image)} as a Job in namespace ${str(ctx.with.namespace) ?? '(context default)'}\n`);
    return { exitCode: 0 };
  },
  describe: (w) => `kubectl create job --image=${str(w.image) ?? '?'}${str(w.script) ? ' (script)' : strList(w.command).length ? ` -- ${strList(w.command).join(' ')}` : ''}`,
};
