// Runs a step's process in a pod: the command line becomes /ansflow/run.sh in a Secret (an inline
// script can hold values escaped into its literals), the environment and secrets go in another
// Secret, the pod log is streamed as the step's output, and the container's exit code is the
// step's. Cancelling deletes the Job (and with it the pod).
//
// With the workspace (the default), the pod's container waits while the runner execs into it: the
// workspace goes in as a tar into an emptyDir at /workspace, the step runs there, and the files it
// wrote plus its outputs file come back (kubernetesWorkspace.ts). `workspace: false` keeps the plain
// Job whose log is the step's output.
//
// A step's `services:` run as sidecars in the same pod (kubernetesServices.ts): the step container then
// always waits, and the runner execs the step only once every service is ready (podServicesRun.ts).
//
// A pod whose step container does not run within the start timeout (unschedulable, an image that
// cannot be pulled, a stuck volume) fails the step with the pod's own reason, and is deleted.
import type { Executor, ProcessResult, ProcessSpec, StepContext } from '../../contracts/StepType.js';
import { CancellationError, err, ok, ToolError, type Result } from '../../contracts/result.js';
import { parseDuration } from '../../util/durations.js';
import type { WorkspaceSelection } from './workspaceSync.js';
// Host interpreter paths (`/usr/bin/sh`) mean nothing in the image: the same rule as for containers.
import { containerCommand } from './ContainerExecutor.js';
import type { PodServicesExtra } from './kubernetesServices.js';

/** The leftover sweep of service pods runs once per run, context and namespace. */
const swept = new Set<string>();

/** Where steps run: the `executor:` block of kind `kubernetes`. */
export interface KubernetesExecutorSpec {
  image: string;
  namespace?: string;
  context?: string;
  serviceAccount?: string;
  /** Working directory inside the container (without the workspace). */
  workingDir?: string;
  /** Ship the workspace (or the selected files) into the pod and bring changes back; default true. */
  workspace?: boolean | WorkspaceSelection;
  /** How long the pod may take to run the step container (scheduling, image pull); default {@link DEFAULT_START_TIMEOUT_MS}. */
  startTimeoutMs?: number;
}

/** Long enough for a real image pull on a busy node; a pod stuck past it is not coming. */
export const DEFAULT_START_TIMEOUT_MS = 5 * 60_000;

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
    const [{ KubeClient }, { buildRunScript, runJob }, ws, sv, run] = await Promise.all([
      import('../../clients/kubernetes/KubeClient.js'),
      import('../../clients/kubernetes/runJob.js'),
      import('./kubernetesWorkspace.js'),
      import('./kubernetesServices.js'),
      import('./podServicesRun.js'),
    ]);
    const kube = KubeClient.load({ context: this.spec.context, namespace: this.spec.namespace, env });
    const selection = this.spec.workspace === false ? undefined : this.spec.workspace === true || this.spec.workspace === undefined ? {} : this.spec.workspace;
    const services = (ctx as StepContext & PodServicesExtra).podServices;
    try {
      const withServices = services ? sv.podServicesJobSpec(services) : undefined;
      if (services) {
        const key = `${ctx.runId}\0${kube.server}\0${kube.namespace}`;
        if (!swept.has(key)) {
          swept.add(key);
          const removed = await run.sweepKubeServiceLeftovers(kube, kube.namespace).catch(() => []);
          if (removed.length) ctx.log('system', `[ansflow] removed service pods left by a stopped runner: ${removed.join(', ')}\n`);
        }
      }
      const workingDir = selection ? ws.podWorkingDir(ctx.workspace, spec.cwd ?? ctx.cwd) : this.spec.workingDir;
      const files: Record<string, string> = { 'run.sh': buildRunScript(containerCommand(spec.command, ctx.workspace), spec.args, spec.input !== undefined, workingDir) };
      if (spec.input !== undefined) files.stdin = spec.input;
      const podEnv = podEnvironment(spec.env ?? ctx.env, ctx.secrets);
      // Host paths mean nothing in the pod; the outputs file is read back from the pod's own.
      delete podEnv.ANSFLOW_ARTIFACTS;
      if (selection) podEnv.ANSFLOW_OUTPUT = ws.POD_OUTPUT_FILE;
      // The needed steps' artifacts are copied in beside the workspace (kubernetesWorkspace.ts).
      if (selection && ctx.env.ANSFLOW_ARTIFACTS) podEnv.ANSFLOW_ARTIFACTS = ws.POD_ARTIFACTS_DIR;
      const stepCommand = ['/bin/sh', '/ansflow/run.sh'];
      type Pod = Parameters<typeof ws.driveWithWorkspace>[1];
      const driveStep = (pod: Pod): Promise<number> =>
        selection
          ? ws.driveWithWorkspace(kube, pod, stepCommand, ctx, selection)
          : run.driveWithoutWorkspace(kube, pod.namespace, pod.podName, stepCommand, (s, b) => (ctx.logBytes ? ctx.logBytes(s, b) : ctx.log(s, b.toString('utf8'))), `${ws.POD_RUN_DIR}/.done`);
      // With services the step waits for them, so the runner drives it even without the workspace.
      const drive = services
        ? async (pod: Pod): Promise<number> => {
            try {
              await run.waitPodServices(kube, pod.namespace, pod.podName, services.services, ctx.signal, services.status);
              return await driveStep(pod);
            } finally {
              await run.keepPodServiceLogs(kube, pod.namespace, pod.podName, services.services, services.keepLog);
            }
          }
        : selection
          ? driveStep
          : undefined;
      const runDir = { name: 'ansflow-run', mountPath: ws.POD_RUN_DIR };
      const result = await runJob(
        kube,
        {
          namespace: kube.namespace,
          name: `ansflow-${ctx.stepId}`,
          image: this.spec.image,
          command: drive ? ws.WAIT_COMMAND : stepCommand,
          env: podEnv,
          ...(selection ? { scratch: [{ name: 'workspace', mountPath: ws.POD_WORKSPACE }, runDir] } : drive ? { scratch: [runDir] } : {}),
          files,
          serviceAccount: this.spec.serviceAccount,
          ...withServices,
          hostAliases: [...(withServices?.hostAliases ?? []), ...((ctx as StepContext & PodServicesExtra).podHostAliases ?? [])],
          labels: { ...withServices?.labels, 'ansflow.dev/step': ctx.stepId.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 63) },
        },
        {
          signal: ctx.signal,
          onLog: (line) => ctx.log('stdout', line + '\n'),
          onStatus: (m) => ctx.log('system', m + '\n'),
          startDeadlineMs: this.spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
          ...(drive ? { drive } : {}),
        },
      );
      // The pod is gone by now (runJob cleans up); its reason becomes the step's.
      if (result.notStarted) throw new ToolError('tool-failed', result.reason ?? `pod for job/${result.jobName} did not start`);
      if (result.reason) ctx.log('system', `job/${result.jobName} failed: ${result.reason}\n`);
      return { exitCode: result.exitCode };
    } finally {
      kube.dispose();
    }
  }
}

/** Factory for executors/index.ts: `executor: { kind: kubernetes, image, namespace?, context?, serviceAccount?, workspace?, startTimeout? }`. */
export const kubernetesExecutorFactory = {
  kind: 'kubernetes' as const,
  create(spec: { kind: string; image?: string; namespace?: string; context?: string; serviceAccount?: string; workspace?: boolean | WorkspaceSelection; startTimeout?: string | number }): Result<Executor, ToolError> {
    if (spec.kind !== 'kubernetes' || !spec.image) return err(new ToolError('invalid-input', 'the kubernetes executor needs an image', 'Set executor.image, e.g. busybox:1.36.'));
    const startTimeoutMs = spec.startTimeout === undefined ? undefined : parseDuration(spec.startTimeout);
    if (spec.startTimeout !== undefined && !startTimeoutMs) return err(new ToolError('invalid-input', `executor.startTimeout is not a duration: ${String(spec.startTimeout)}`, 'Write it like 90s or 5m.'));
    return ok(new KubernetesExecutor({ image: spec.image, namespace: spec.namespace, context: spec.context, serviceAccount: spec.serviceAccount, workspace: spec.workspace, ...(startTimeoutMs ? { startTimeoutMs } : {}) }));
  },
};
