// Runs a step's process in a pod: the command line becomes /ansflow/run.sh in a Secret (an inline
// script can hold values escaped into its literals), the environment and secrets go in another
// Secret, the pod log is streamed as the step's output, and the container's exit code is the
// step's. Cancelling deletes the Job (and with it the pod).
import type { Executor, ProcessResult, ProcessSpec, StepContext } from '../../contracts/StepType.js';
import { CancellationError, err, ok, ToolError, type Result } from '../../contracts/result.js';

/** Where steps run: the `executor:` block of kind `kubernetes`. */
export interface KubernetesExecutorSpec {
  image: string;
  namespace?: string;
  context?: string;
  serviceAccount?: string;
  /** Working directory inside the container. */
  workingDir?: string;
}

/** Host variables that describe this machine, not the step; passing them would break the container (PATH, HOME…). */
const HOST_ONLY = /^(PATH|HOME|PWD|OLDPWD|SHELL|SHLVL|USER|LOGNAME|HOSTNAME|TMPDIR|TERM|TERM_PROGRAM.*|COLORTERM|DISPLAY|WAYLAND_DISPLAY|LANG|LC_.*|MAIL|_|KUBECONFIG|DOCKER_HOST|SSH_.*|XDG_.*|DBUS_.*|NODE_.*|NVM_.*|npm_.*|VSCODE_.*|ELECTRON_.*|CHROME_.*|GIT_ASKPASS|EDITOR|PAGER|LS_COLORS)$/;

/** The environment a pod should get: the step's env minus host-only variables, plus secrets. */
export function podEnvironment(env: Record<string, string>, secrets: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (!HOST_ONLY.test(k)) out[k] = v;
  return { ...out, ...secrets };
}

/** Executes step processes as Kubernetes Jobs. See {@link KubernetesExecutorSpec}. */
export class KubernetesExecutor implements Executor {
  readonly kind = 'kubernetes' as const;

  constructor(readonly spec: KubernetesExecutorSpec) {}

  async run(spec: ProcessSpec, ctx: StepContext): Promise<ProcessResult> {
    if (ctx.signal.aborted) throw new CancellationError();
    const env = { ...process.env, ...ctx.env } as Record<string, string>;
    // Loaded when a Kubernetes step first runs: client-node costs the runner memory at start.
    const [{ KubeClient }, { buildRunScript, runJob }] = await Promise.all([import('../../clients/kubernetes/KubeClient.js'), import('../../clients/kubernetes/runJob.js')]);
    const kube = KubeClient.load({ context: this.spec.context, namespace: this.spec.namespace, env });
    try {
      const files: Record<string, string> = { 'run.sh': buildRunScript(spec.command, spec.args, spec.input !== undefined, this.spec.workingDir) };
      if (spec.input !== undefined) files.stdin = spec.input;
      const result = await runJob(
        kube,
        {
          namespace: kube.namespace,
          name: `ansflow-${ctx.stepId}`,
          image: this.spec.image,
          command: ['/bin/sh', '/ansflow/run.sh'],
          env: podEnvironment(spec.env ?? ctx.env, ctx.secrets),
          files,
          serviceAccount: this.spec.serviceAccount,
          labels: { 'ansflow.dev/step': ctx.stepId.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 63) },
        },
        {
          signal: ctx.signal,
          onLog: (line) => ctx.log('stdout', line + '\n'),
          onStatus: (m) => ctx.log('system', m + '\n'),
        },
      );
      if (result.reason) ctx.log('system', `job/${result.jobName} failed: ${result.reason}\n`);
      return { exitCode: result.exitCode };
    } finally {
      kube.dispose();
    }
  }
}

/** Factory for executors/index.ts: `executor: { kind: kubernetes, image, namespace?, context?, serviceAccount? }`. */
export const kubernetesExecutorFactory = {
  kind: 'kubernetes' as const,
  create(spec: { kind: string; image?: string; namespace?: string; context?: string; serviceAccount?: string }): Result<Executor, ToolError> {
    if (spec.kind !== 'kubernetes' || !spec.image) return err(new ToolError('invalid-input', 'the kubernetes executor needs an image', 'Set executor.image, e.g. busybox:1.36.'));
    return ok(new KubernetesExecutor({ image: spec.image, namespace: spec.namespace, context: spec.context, serviceAccount: spec.serviceAccount }));
  },
};
