// Runs a step's process inside a container: the workspace (and the folder of $ANSFLOW_OUTPUT) is
// bind-mounted at the same absolute path, so paths in output and outputs files mean the same thing
// inside and out. Output streams through ctx.log; the container is removed afterwards, also when
// the step is cancelled (stop with a grace period, then forced removal).
//
//   executor: { kind: container, image: node:20, pull: missing, options: ['--network', 'ci'] }
import { basename, dirname, isAbsolute, relative } from 'node:path';
import type Dockerode from 'dockerode';
import type { Executor, ProcessResult, ProcessSpec, StepContext } from '../../contracts/StepType.js';
import { CancellationError, err, ok, ToolError, type Result } from '../../contracts/result.js';
// Loaded when a container step first runs: dockerode and ssh2 cost the runner memory at start.
import type { DockerClient } from '../../clients/docker/DockerClient.js';
import { demuxDockerStream } from '../../clients/docker/dockerStreams.js';
import { toDockerError } from '../../clients/docker/dockerErrors.js';
import type { ExecutorSpec } from '../../pipeline/model.js';
import type { ServiceNetworkExtra } from '../services/withServices.js';
import type { RunnerStepContext } from '../stepContext.js';

/** The `executor:` block of kind `container`. */
export interface ContainerExecutorSpec {
  image: string;
  pull?: 'always' | 'missing' | 'never';
  /** A small, safe subset of `docker run` flags: --network, --user, -e/--env, -v/--volume, --workdir, --entrypoint, --memory, --cpus. */
  options?: string[];
}

/** Settings parsed from {@link ContainerExecutorSpec.options}. */
export interface ContainerRunOptions {
  network?: string;
  user?: string;
  env: Record<string, string>;
  binds: string[];
  workdir?: string;
  entrypoint?: string;
  memoryBytes?: number;
  nanoCpus?: number;
}

/** Host variables that describe this machine, not the step; passing them would break the container. */
const HOST_ONLY =
  /^(PATH|HOME|PWD|OLDPWD|SHELL|SHLVL|USER|LOGNAME|HOSTNAME|TMPDIR|TERM|TERM_PROGRAM.*|COLORTERM|DISPLAY|WAYLAND_DISPLAY|LANG|LC_.*|MAIL|_|KUBECONFIG|DOCKER_.*|SSH_.*|XDG_.*|DBUS_.*|NODE_.*|NVM_.*|npm_.*|VSCODE_.*|ELECTRON_.*|CHROME_.*|GIT_ASKPASS|EDITOR|PAGER|LS_COLORS)$/;

/** The step environment without host-only variables. */
export function containerEnvironment(env: Record<string, string>): string[] {
  return Object.entries(env)
    .filter(([k]) => !HOST_ONLY.test(k))
    .map(([k, v]) => `${k}=${v}`);
}

/**
 * Step types resolve interpreters on the host (`/usr/bin/bash`); inside an image that path may not
 * exist, so an absolute command outside the workspace is looked up on the container's PATH instead.
 */
export function containerCommand(command: string, workspace: string): string {
  if (!isAbsolute(command) || !relative(workspace, command).startsWith('..')) return command;
  return basename(command);
}

const SIZE = /^(\d+(?:\.\d+)?)([bkmg]?)$/i;

/** Parses the supported `docker run` flags; anything else is an error naming the flag. */
export function parseContainerOptions(options: string[] = []): Result<ContainerRunOptions, ToolError> {
  const out: ContainerRunOptions = { env: {}, binds: [] };
  for (let i = 0; i < options.length; i++) {
    let flag = options[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const next = (): string | undefined => value ?? options[++i];
    const v = ['--network', '--user', '-u', '-e', '--env', '-v', '--volume', '--workdir', '-w', '--entrypoint', '--memory', '-m', '--cpus'].includes(flag) ? next() : undefined;
    if (v === undefined) return err(new ToolError('invalid-input', `Unsupported or incomplete container option '${options[i] ?? flag}'`, 'Supported: --network, --user, -e/--env, -v/--volume, --workdir, --entrypoint, --memory, --cpus.'));
    switch (flag) {
      case '--network':
        out.network = v;
        break;
      case '--user':
      case '-u':
        out.user = v;
        break;
      case '-e':
      case '--env': {
        const k = v.indexOf('=');
        if (k > 0) out.env[v.slice(0, k)] = v.slice(k + 1);
        else if (process.env[v] !== undefined) out.env[v] = process.env[v]!;
        break;
      }
      case '-v':
      case '--volume':
        out.binds.push(v);
        break;
      case '--workdir':
      case '-w':
        out.workdir = v;
        break;
      case '--entrypoint':
        out.entrypoint = v;
        break;
      case '--memory':
      case '-m': {
        const m = SIZE.exec(v);
        if (!m) return err(new ToolError('invalid-input', `Bad --memory value '${v}'`));
        out.memoryBytes = Math.round(Number(m[1]) * ({ '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2].toLowerCase()]);
        break;
      }
      case '--cpus':
        out.nanoCpus = Math.round(Number(v) * 1e9);
        if (!Number.isFinite(out.nanoCpus)) return err(new ToolError('invalid-input', `Bad --cpus value '${v}'`));
        break;
    }
  }
  return ok(out);
}

/** Executes step processes in containers on the Docker engine. See {@link ContainerExecutorSpec}. */
export class ContainerExecutor implements Executor {
  readonly kind = 'container' as const;

  constructor(
    readonly spec: ContainerExecutorSpec,
    private readonly options: { workspace: string; killGraceMs?: number; docker?: DockerClient } ,
  ) {}

  async run(spec: ProcessSpec, ctx: StepContext): Promise<ProcessResult> {
    if (ctx.signal.aborted) throw new CancellationError();
    const parsed = parseContainerOptions(this.spec.options);
    if (!parsed.ok) throw parsed.error;
    const opts = parsed.value;
    const docker = this.options.docker ?? (await import('../../clients/docker/DockerClient.js')).DockerClient.connect({ env: { ...process.env, ...ctx.env } });
    await this.ensureImage(docker, ctx);
    const workspace = this.options.workspace || ctx.workspace;
    const binds = [`${workspace}:${workspace}`];
    const outFile = ctx.env.ANSFLOW_OUTPUT;
    (ctx as Partial<RunnerStepContext>).outputFile?.ensure();
    if (outFile && isAbsolute(outFile) && relative(workspace, outFile).startsWith('..')) binds.push(`${dirname(outFile)}:${dirname(outFile)}`);
    binds.push(...opts.binds);
    const cwd = spec.cwd ?? ctx.cwd;
    // Set by the services seam (runner/services/withServices.ts) when the step has `services:`.
    const serviceNetwork = (ctx as StepContext & ServiceNetworkExtra).serviceNetwork;
    const create: Dockerode.ContainerCreateOptions = {
      Image: this.spec.image,
      Cmd: [containerCommand(spec.command, workspace), ...spec.args],
      Env: [...containerEnvironment(spec.env ?? ctx.env), ...Object.entries(opts.env).map(([k, v]) => `${k}=${v}`)],
      WorkingDir: opts.workdir ?? cwd,
      User: opts.user,
      Entrypoint: opts.entrypoint !== undefined ? [opts.entrypoint] : undefined,
      OpenStdin: spec.input !== undefined,
      StdinOnce: spec.input !== undefined,
      AttachStdin: spec.input !== undefined,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Labels: { 'ansflow.run': ctx.runId, 'ansflow.step': ctx.step },
      HostConfig: { Binds: binds, NetworkMode: opts.network ?? serviceNetwork, Memory: opts.memoryBytes, NanoCpus: opts.nanoCpus, Init: true },
    };
    const id = await docker.createContainer(create);
    // With its own --network as well, the step joins the services' network as a second one.
    if (serviceNetwork && opts.network && opts.network !== serviceNetwork) {
      await docker.api.getNetwork(serviceNetwork).connect({ Container: id }).catch(async (e: unknown) => {
        await docker.removeContainer(id, { force: true }).catch(() => undefined);
        throw toDockerError(e, docker.connection, 'join the services network');
      });
    }
    const container = docker.api.getContainer(id);
    let stopping: Promise<unknown> | undefined;
    const onAbort = (): void => {
      // Stop with a grace period; removal happens in finally either way.
      stopping ??= docker.stopContainer(id, Math.ceil((this.options.killGraceMs ?? 5000) / 1000)).catch(() => undefined);
    };
    try {
      const stream = (await container.attach({ stream: true, stdout: true, stderr: true, stdin: spec.input !== undefined, hijack: spec.input !== undefined })) as NodeJS.ReadWriteStream;
      const pumped = (async () => {
        for await (const c of demuxDockerStream(stream as unknown as AsyncIterable<Buffer>)) ctx.log(c.stream, c.text);
      })().catch(() => undefined);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      await docker.startContainer(id);
      if (spec.input !== undefined) stream.end(spec.input);
      const exitCode = await docker.waitContainer(id);
      // Output written just before exit may still be in flight on the attach stream.
      await Promise.race([pumped, new Promise((r) => setTimeout(r, 2000))]);
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new CancellationError();
      return { exitCode };
    } catch (e) {
      throw toDockerError(e, docker.connection, `container step in ${this.spec.image}`);
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await stopping;
      await docker.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
    }
  }

  private async ensureImage(docker: DockerClient, ctx: StepContext): Promise<void> {
    const policy = this.spec.pull ?? 'missing';
    let present = true;
    if (policy !== 'always') {
      try {
        await docker.inspectImage(this.spec.image);
      } catch (e) {
        if (!(e instanceof ToolError) || e.code !== 'not-found') throw e;
        present = false;
      }
    }
    if (policy === 'never' && !present) throw new ToolError('not-found', `Image ${this.spec.image} is not present and pull is 'never'`, `Build or pull ${this.spec.image} first.`);
    if (policy === 'always' || !present) {
      ctx.log('system', `Pulling ${this.spec.image}…\n`);
      await docker.pull(this.spec.image, { signal: ctx.signal });
    }
  }
}

/** Creates container executors from `executor: { kind: container, … }` blocks. */
export const containerExecutorFactory = {
  kind: 'container' as const,
  create(spec: ExecutorSpec, options: { workspace: string; killGraceMs?: number }): Result<Executor, ToolError> {
    if (spec.kind !== 'container') return err(new ToolError('invalid-input', `not a container executor spec: ${spec.kind}`));
    if (!spec.image) return err(new ToolError('invalid-input', 'the container executor needs an `image`'));
    const parsed = parseContainerOptions(spec.options);
    if (!parsed.ok) return parsed;
    return ok(new ContainerExecutor({ image: spec.image, pull: spec.pull, options: spec.options }, options));
  },
};
