// Step type `docker.run`: runs a container to completion (output streamed, exit code is the step's,
// removed afterwards) or detached (waits until running or healthy, outputs id and published
// addresses). Ports bind to 127.0.0.1 unless a spec names an address.
import type Dockerode from 'dockerode';
import type { StepContext, StepOutcome, StepParamProblem, StepType } from '../../../contracts/StepType.js';
import { CancellationError, ToolError } from '../../../contracts/result.js';
import type { DockerClient } from '../../../clients/docker/DockerClient.js';
import { demuxDockerStream } from '../../../clients/docker/dockerStreams.js';
import { parseDockerPortSpec, DEFAULT_PORT_HOST } from '../../../clients/docker/portSpec.js';
import { WithParams } from '../WithParams.js';
import { parseDuration } from '../../../util/durations.js';
import { evaluatorOf, substituteArgv } from '../../values/index.js';
import { injectScript } from '../../inject/index.js';
import { DOCKER_RUN_RAW_KEYS, dockerForStep, failureOutcome, registryAuthFor, workspacePath } from './dockerStepSupport.js';

/** Builds the Engine API create body for a docker.run step (pure, unit-tested). */
export function getRunCreateOptions(withParams: Record<string, unknown>, ctx: Pick<StepContext, 'workspace' | 'runId' | 'step' | 'secrets' | 'evaluate'>): Dockerode.ContainerCreateOptions {
  const w = WithParams.of({ with: withParams, stepId: ctx.step });
  // `command` / `entrypoint` are raw: split into arguments first, then values substituted per argument.
  const argv = (key: 'command' | 'entrypoint'): string[] | undefined => substituteArgv(w.get(key), evaluatorOf(ctx, key), key);
  const image = w.string('image')!;
  const defaultHost = w.string('portHost') ?? DEFAULT_PORT_HOST;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const spec of w.list('ports', { commas: true }) ?? []) {
    for (const b of parseDockerPortSpec(spec, defaultHost)) {
      const key = `${b.containerPort}/${b.protocol}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: b.hostIp, HostPort: b.hostPort });
    }
  }
  const env = { ...w.map('env') };
  for (const [name, secret] of Object.entries(w.map('secretEnv') ?? {})) {
    const value = ctx.secrets[secret];
    if (value === undefined) throw new ToolError('invalid-input', `Secret '${secret}' (secretEnv.${name}) is not defined`);
    env[name] = value;
  }
  const binds: string[] = [];
  for (const v of w.list('volumes', { commas: true }) ?? []) {
    const [src, ...rest] = v.split(':');
    // `./data:/data` and `/abs:/x` are bind mounts (relative to the pipeline folder); `name:/x` is a named volume.
    const host = src.startsWith('.') || src.startsWith('/') || src.startsWith('~') ? workspacePath(ctx as StepContext, src) : src;
    binds.push([host, ...rest].join(':'));
  }
  const health = healthCheck(w.string('healthCmd'), env, ctx);
  return {
    Image: image,
    name: w.string('name'),
    Cmd: argv('command'),
    Entrypoint: argv('entrypoint'),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: w.string('workdir'),
    User: w.string('user'),
    ExposedPorts: exposed,
    Labels: { 'ansflow.run': ctx.runId, 'ansflow.step': ctx.step, ...w.map('labels') },
    Healthcheck: health ? { Test: ['CMD-SHELL', health], Interval: 1e9, Timeout: 5e9, Retries: 3 } : undefined,
    HostConfig: {
      PortBindings: bindings,
      Binds: binds.length ? binds : undefined,
      NetworkMode: w.string('network'),
      AutoRemove: false,
      Init: w.bool('init') ?? undefined,
    },
  };
}

/**
 * The health check's shell command (`healthCmd` is raw): each `${{ }}` becomes a reference to a
 * container environment variable, quoted for its place in the command (src/core/runner/inject/),
 * because Docker runs it with `sh -c` and a pasted value would be shell code.
 */
function healthCheck(text: string | undefined, env: Record<string, string>, ctx: Pick<StepContext, 'evaluate'>): string | undefined {
  const evaluate = evaluatorOf(ctx, 'healthCmd');
  if (!text || !evaluate) return text;
  try {
    const r = injectScript('shell', text, evaluate, {
      prefix: 'ANSFLOW_HEALTH_',
      envEntryLimit: Infinity,
      envTotalLimit: Infinity,
      writeValueFile: () => {
        throw new ToolError('invalid-input', 'with.healthCmd: a value cannot be passed to the health check');
      },
    });
    Object.assign(env, r.env);
    return r.script;
  } catch (e) {
    if (e instanceof ToolError) throw e;
    throw new ToolError('invalid-input', `with.healthCmd: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const WAIT_FOR = ['running', 'healthy', 'none'] as const;
const PULL = ['missing', 'always', 'never'] as const;

function validate(withParams: Record<string, unknown>): StepParamProblem[] {
  const w = WithParams.check(withParams);
  const problems: StepParamProblem[] = [];
  if (!w.string('image')) problems.push({ key: 'image', message: '`image` is required.' });
  for (const p of w.list('ports', { commas: true }) ?? []) {
    try {
      parseDockerPortSpec(p);
    } catch (e) {
      problems.push({ key: 'ports', message: (e as Error).message });
    }
  }
  w.enum('waitFor', WAIT_FOR);
  w.enum('pull', PULL);
  w.duration('timeout');
  w.number('healthTimeout', { min: 0 });
  for (const k of ['detach', 'remove', 'init', 'waitForHealth']) w.bool(k);
  return [...problems, ...w.problems];
}

async function ensureImage(docker: DockerClient, ctx: StepContext, image: string, policy: string): Promise<void> {
  let present = policy !== 'always';
  if (present) {
    try {
      await docker.inspectImage(image);
    } catch (e) {
      if (!(e instanceof ToolError) || e.code !== 'not-found') throw e;
      present = false;
    }
  }
  if (present) return;
  if (policy === 'never') throw new ToolError('not-found', `Image ${image} is not present and pull is 'never'`);
  ctx.log('system', `Pulling ${image}…\n`);
  await docker.pull(image, { auth: await registryAuthFor(ctx, image), signal: ctx.signal });
}

/** A `timeout` (`90s`, `1h30m`, `500ms` or a number of seconds) in milliseconds; undefined when absent or invalid. */
export function parseDurationMs(v: unknown): number | undefined {
  return parseDuration(v);
}

/** Published addresses of a started container, e.g. `{ "8080/tcp": "127.0.0.1:49153" }`. */
export function publishedPorts(info: Dockerode.ContainerInspectInfo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(info.NetworkSettings?.Ports ?? {})) if (v?.[0]) out[k] = `${v[0].HostIp}:${v[0].HostPort}`;
  return out;
}

async function waitUntilReady(docker: DockerClient, id: string, mode: string, timeoutMs: number, signal: AbortSignal): Promise<Dockerode.ContainerInspectInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal.aborted) throw new CancellationError();
    const info = await docker.inspectContainer(id);
    const health = info.State.Health?.Status;
    if (!info.State.Running) throw new ToolError('tool-failed', `Container exited with code ${info.State.ExitCode} before it was ${mode}`);
    if (mode !== 'healthy' || !info.Config.Healthcheck || health === 'healthy') return info;
    if (health === 'unhealthy') throw new ToolError('tool-failed', `Container is unhealthy: ${info.State.Health?.Log?.slice(-1)[0]?.Output?.trim() ?? ''}`);
    if (Date.now() > deadline) throw new ToolError('timeout', `Container was not healthy after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const problems = validate(ctx.with);
  if (problems.length) return { exitCode: 2, message: problems.map((p) => p.message).join(' ') };
  const w = WithParams.of(ctx);
  const docker = dockerForStep(ctx);
  const detach = w.bool('detach') ?? false;
  let id: string | undefined;
  let keep = false;
  try {
    const create = getRunCreateOptions(ctx.with, ctx);
    await ensureImage(docker, ctx, create.Image!, w.enum('pull', PULL) ?? 'missing');
    id = await docker.createContainer(create);
    const outputs: Record<string, string> = { containerId: id };
    if (!detach) {
      const stream = (await docker.api.getContainer(id).attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      const pumped = (async () => {
        for await (const c of demuxDockerStream(stream as unknown as AsyncIterable<Buffer>)) ctx.log(c.stream, c.text);
      })().catch(() => undefined);
      const stop = (): void => void docker.stopContainer(id!, 2).catch(() => undefined);
      ctx.signal.addEventListener('abort', stop, { once: true });
      try {
        await docker.startContainer(id);
        const exitCode = await docker.waitContainer(id);
        await Promise.race([pumped, new Promise((r) => setTimeout(r, 2000))]);
        if (ctx.signal.aborted) throw new CancellationError();
        keep = w.bool('remove') === false;
        return { exitCode, outputs: { ...outputs, exitCode: String(exitCode) }, message: exitCode ? `Container exited with code ${exitCode}` : undefined };
      } finally {
        ctx.signal.removeEventListener('abort', stop);
      }
    }
    await docker.startContainer(id);
    const mode = w.enum('waitFor', WAIT_FOR) ?? (w.bool('waitForHealth') ? 'healthy' : 'running');
    const timeoutMs = w.duration('timeout') ?? (w.number('healthTimeout', { min: 0 }) ?? 60) * 1000;
    const info = mode === 'none' ? await docker.inspectContainer(id) : await waitUntilReady(docker, id, mode, timeoutMs, ctx.signal);
    const ports = publishedPorts(info);
    for (const [k, addr] of Object.entries(ports)) ctx.log('stdout', `${k} -> ${addr}\n`);
    keep = true;
    const first = Object.values(ports)[0];
    return { exitCode: 0, outputs: { ...outputs, name: info.Name.replace(/^\//, ''), ports: JSON.stringify(ports), ...(first ? { address: first, hostPort: first.split(':').pop()! } : {}) } };
  } catch (e) {
    if (id && !(e instanceof CancellationError)) {
      // Show why a container failed to come up before removing it.
      try {
        for await (const c of docker.logs(id, { tail: 20 })) ctx.log(c.stream, c.text);
      } catch {
        // the container may already be gone
      }
    }
    return failureOutcome(e);
  } finally {
    if (id && !keep) await docker.removeContainer(id, { force: true }).catch(() => undefined);
  }
}

/** `docker.run`: run a container to completion, or detached until running/healthy. */
export const dockerRunStep: StepType = {
  type: 'docker.run',
  withValues: DOCKER_RUN_RAW_KEYS,
  validate,
  run,
  describe(withParams) {
    const w = WithParams.check(withParams);
    const ports = (w.list('ports', { commas: true }) ?? []).map((p) => ` -p ${p}`).join('');
    return `docker run${w.bool('detach') ? ' -d' : ' --rm'}${ports} ${w.string('image') ?? '?'}`;
  },
};
