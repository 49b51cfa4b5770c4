// The Docker engine client used by steps, the container executor and the Containers view.
// Wraps dockerode: one connection (see resolveDockerConnection), errors as ToolError, streams as
// async iterables that close their HTTP stream when the consumer stops.
//
//   const docker = DockerClient.connect();
//   await docker.ping();
//   for await (const c of docker.logs(id, { follow: true, tail: 100 })) write(c.stream, c.text);
import type Dockerode from 'dockerode';
import { dockerode } from '../../lazy/dockerode.js';
import type { Duplex } from 'node:stream';
import { resolveDockerConnection, engineUnreachableError, type DockerConnection, type ResolveDockerOptions } from './dockerConnection.js';
import { toDockerError } from './dockerErrors.js';
import { closingOnExit, demuxDockerBuffer, demuxDockerStream, readJsonLines, type OutputChunk } from './dockerStreams.js';
import { buildImage, type BuildImageOptions, type BuildResult } from './dockerBuild.js';
import { pullImage, pushImage, type TransferOptions, type PushResult } from './dockerTransfer.js';
import { computeStats, type ContainerStatsSample, type RawStats } from './containerStats.js';
import { parseDuration } from '../../util/durations.js';

/**
 * dockerode options with a timeout. For ssh:// engines docker-modem hands node's http an ssh2 channel as
 * the socket, and a request timeout calls `socket.setTimeout`, which a channel lacks: the TypeError is
 * thrown outside any promise and ends the process. There the timeout bounds the SSH handshake instead.
 */
function withTimeout(options: Dockerode.DockerOptions, timeoutMs: number | undefined): Dockerode.DockerOptions {
  if (timeoutMs === undefined) return options;
  if (options.protocol === 'ssh') return { ...options, sshOptions: { ...options.sshOptions, readyTimeout: timeoutMs } };
  return { ...options, timeout: timeoutMs };
}

/** Options of {@link DockerClient.logs}. */
export interface LogsOptions {
  follow?: boolean;
  /** Epoch seconds, a Date, an RFC 3339 time, or a duration back from now like `10m` / `90s` / `1h30m`. */
  since?: number | string | Date;
  tail?: number | 'all';
  timestamps?: boolean;
  signal?: AbortSignal;
}

/** Options of {@link DockerClient.exec}. */
export interface ExecOptions {
  tty?: boolean;
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
  /** Keep stdin open (interactive). */
  stdin?: boolean;
}

/** A started exec: the raw duplex (stdin in, output out), resize for TTYs, and its exit code. */
export interface ExecSession {
  id: string;
  stream: Duplex;
  tty: boolean;
  /** Output chunks (demultiplexed unless TTY, where everything is stdout). */
  output(): AsyncGenerator<OutputChunk>;
  resize(cols: number, rows: number): Promise<void>;
  /** Waits for the process to end and returns its exit code. */
  exitCode(): Promise<number>;
}

/** One engine event (container start/die, image pull, network connect…). */
export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

/** A Docker engine connection with the operations AnsFlow needs. */
export class DockerClient {
  private constructor(
    readonly api: Dockerode,
    readonly connection: DockerConnection,
  ) {}

  /** Resolves the endpoint (DOCKER_HOST, context, default socket) without contacting it. */
  static connect(options: ResolveDockerOptions & { timeoutMs?: number } = {}): DockerClient {
    const conn = resolveDockerConnection(options);
    return new DockerClient(new (dockerode())(withTimeout(conn.options, options.timeoutMs)), conn);
  }

  /** A client for an already resolved connection (e.g. a context picked by name, see connectionForContext). */
  static fromConnection(conn: DockerConnection, o: { timeoutMs?: number } = {}): DockerClient {
    return new DockerClient(new (dockerode())(withTimeout(conn.options, o.timeoutMs)), conn);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toDockerError(e, this.connection, what);
    }
  }

  /** Checks the engine answers; throws ToolError('engine-unreachable') with a hint otherwise. */
  async ping(): Promise<void> {
    try {
      await this.api.ping();
    } catch (e) {
      throw engineUnreachableError(this.connection, e);
    }
  }

  /** Engine version information. */
  version(): Promise<Dockerode.DockerVersion> {
    return this.call('version', () => this.api.version());
  }

  // ---- containers
  /** Lists containers (all, including stopped, by default). */
  listContainers(o: { all?: boolean; filters?: Record<string, string[]> } = {}): Promise<Dockerode.ContainerInfo[]> {
    return this.call('list containers', () => this.api.listContainers({ all: o.all ?? true, filters: o.filters ? JSON.stringify(o.filters) : undefined }));
  }
  /** Full inspect of a container. */
  inspectContainer(id: string): Promise<Dockerode.ContainerInspectInfo> {
    return this.call(`inspect container ${id}`, () => this.api.getContainer(id).inspect());
  }
  /** Creates a container from API create options. */
  async createContainer(opts: Dockerode.ContainerCreateOptions): Promise<string> {
    return this.call('create container', async () => (await this.api.createContainer(opts)).id);
  }
  /** Starts a container (already running is fine). */
  startContainer(id: string): Promise<void> {
    return this.call(`start container ${id}`, async () => {
      await this.api.getContainer(id).start().catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 304) throw e;
      });
    });
  }
  /** Stops a container, waiting `timeoutSec` before SIGKILL (already stopped is fine). */
  stopContainer(id: string, timeoutSec = 10): Promise<void> {
    return this.call(`stop container ${id}`, async () => {
      await this.api.getContainer(id).stop({ t: timeoutSec }).catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 304) throw e;
      });
    });
  }
  /** Restarts a container. */
  restartContainer(id: string, timeoutSec = 10): Promise<void> {
    return this.call(`restart container ${id}`, async () => void (await this.api.getContainer(id).restart({ t: timeoutSec })));
  }
  /** Pauses a running container (freezes its processes). */
  pauseContainer(id: string): Promise<void> {
    return this.call(`pause container ${id}`, async () => void (await this.api.getContainer(id).pause()));
  }
  /** Resumes a paused container. */
  unpauseContainer(id: string): Promise<void> {
    return this.call(`unpause container ${id}`, async () => void (await this.api.getContainer(id).unpause()));
  }
  /** Removes every stopped container. */
  pruneContainers(): Promise<Dockerode.PruneContainersInfo> {
    return this.call('prune containers', () => this.api.pruneContainers());
  }
  /** Removes networks no running container uses (built-in ones stay). */
  pruneNetworks(): Promise<Dockerode.PruneNetworksInfo> {
    return this.call('prune networks', () => this.api.pruneNetworks());
  }
  /** Disk usage per image, container and volume (`docker system df -v`). */
  diskUsage(): Promise<{ Volumes?: Dockerode.VolumeInspectInfo[] | null; Containers?: Array<{ Id: string; SizeRw?: number }> | null }> {
    return this.call('disk usage', () => this.api.df());
  }
  /** Removes a container (`force` kills a running one). */
  removeContainer(id: string, o: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    return this.call(`remove container ${id}`, async () => void (await this.api.getContainer(id).remove({ force: o.force ?? false, v: o.volumes ?? false })));
  }
  /** Waits for a container to stop and returns its exit code. */
  waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    return this.call(`wait for container ${id}`, async () => ((await this.api.getContainer(id).wait({ abortSignal: signal })) as { StatusCode: number }).StatusCode);
  }

  /** Container output, demultiplexed (a TTY container's output is all stdout). */
  async *logs(id: string, o: LogsOptions = {}): AsyncGenerator<OutputChunk> {
    // dockerode's typings omit tail/since strings and abortSignal; the API accepts them.
    const c = this.api.getContainer(id) as unknown as LooseContainer;
    const info = await this.inspectContainer(id);
    const tty = !!info.Config.Tty;
    const base = { stdout: true, stderr: true, timestamps: o.timestamps ?? false, since: toDockerSince(o.since), tail: o.tail ?? 'all', abortSignal: o.signal };
    if (!o.follow) {
      const buf = (await this.call(`logs of ${id}`, () => c.logs({ ...base, follow: false }))) as unknown as Buffer;
      if (tty) yield { stream: 'stdout', text: buf.toString('utf8') };
      else yield* demuxDockerBuffer(buf);
      return;
    }
    const stream = (await this.call(`logs of ${id}`, () => c.logs({ ...base, follow: true }))) as NodeJS.ReadableStream;
    const src = stream as unknown as AsyncIterable<Buffer>;
    yield* closingOnExit(stream, tty ? rawChunks(src) : demuxDockerStream(src));
  }

  /** Starts `cmd` in a running container, optionally with a TTY and open stdin. */
  async exec(id: string, cmd: string[], o: ExecOptions = {}): Promise<ExecSession> {
    const tty = o.tty ?? false;
    const exec = await this.call(`exec in ${id}`, () =>
      this.api.getContainer(id).exec({
        Cmd: cmd,
        AttachStdout: true,
        AttachStderr: true,
        AttachStdin: !!o.stdin,
        Tty: tty,
        Env: o.env ? Object.entries(o.env).map(([k, v]) => `${k}=${v}`) : undefined,
        WorkingDir: o.workdir,
        User: o.user,
      }),
    );
    const stream = (await this.call(`exec in ${id}`, () => exec.start({ hijack: true, stdin: !!o.stdin, Tty: tty }))) as Duplex;
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    return {
      id: exec.id,
      stream,
      tty,
      output: () => (tty ? rawChunks(stream as AsyncIterable<Buffer>) : demuxDockerStream(stream as AsyncIterable<Buffer>)),
      resize: (cols, rows) => this.call('resize exec', async () => void (await exec.resize({ w: cols, h: rows }))),
      exitCode: async () => {
        await ended;
        // The exit code is recorded a moment after the stream ends.
        for (let i = 0; i < 50; i++) {
          const info = await this.call('inspect exec', () => exec.inspect());
          if (!info.Running && info.ExitCode !== null) return info.ExitCode;
          await new Promise((r) => setTimeout(r, 20));
        }
        return -1;
      },
    };
  }

  /** Runs `cmd` to completion and collects its output. */
  async execCollect(id: string, cmd: string[], o: Omit<ExecOptions, 'stdin'> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const s = await this.exec(id, cmd, o);
    let stdout = '';
    let stderr = '';
    for await (const c of s.output()) {
      if (c.stream === 'stdout') stdout += c.text;
      else stderr += c.text;
    }
    return { exitCode: await s.exitCode(), stdout, stderr };
  }

  /** Live resource usage samples (CPU %, memory, network, block I/O). */
  async *stats(id: string, signal?: AbortSignal): AsyncGenerator<ContainerStatsSample> {
    const stream = (await this.call(`stats of ${id}`, () => (this.api.getContainer(id) as unknown as LooseContainer).stats({ stream: true, abortSignal: signal }))) as unknown as NodeJS.ReadableStream;
    for await (const raw of closingOnExit(stream, readJsonLines<RawStats>(stream as unknown as AsyncIterable<Buffer>))) yield computeStats(raw);
  }

  // ---- images
  /** Lists images. */
  listImages(o: { all?: boolean; dangling?: boolean } = {}): Promise<Dockerode.ImageInfo[]> {
    return this.call('list images', () => this.api.listImages({ all: o.all ?? false, filters: o.dangling !== undefined ? JSON.stringify({ dangling: [String(o.dangling)] }) : undefined }));
  }
  /** Full inspect of an image. */
  inspectImage(ref: string): Promise<Dockerode.ImageInspectInfo> {
    return this.call(`inspect image ${ref}`, () => this.api.getImage(ref).inspect());
  }
  /** Tags `ref` as `repo:tag`. */
  tagImage(ref: string, repo: string, tag = 'latest'): Promise<void> {
    return this.call(`tag image ${ref}`, async () => void (await this.api.getImage(ref).tag({ repo, tag })));
  }
  /** Removes an image (or one of its tags). */
  removeImage(ref: string, o: { force?: boolean; noprune?: boolean } = {}): Promise<Array<{ Untagged?: string; Deleted?: string }>> {
    return this.call(`remove image ${ref}`, () => this.api.getImage(ref).remove({ force: o.force, noprune: o.noprune }) as Promise<Array<{ Untagged?: string; Deleted?: string }>>);
  }
  /** Removes unused images (dangling only unless `all`). */
  pruneImages(o: { all?: boolean } = {}): Promise<Dockerode.PruneImagesInfo> {
    return this.call('prune images', () => this.api.pruneImages({ filters: JSON.stringify({ dangling: [String(!o.all)] }) }));
  }
  /** Layer history of an image. */
  imageHistory(ref: string): Promise<Array<{ Id: string; Created: number; CreatedBy: string; Size: number; Tags: string[] | null; Comment: string }>> {
    return this.call(`history of ${ref}`, () => this.api.getImage(ref).history());
  }
  /** Builds an image from a context folder. See {@link buildImage}. */
  build(o: BuildImageOptions): Promise<BuildResult> {
    return buildImage(this.api, o).catch((e) => Promise.reject(toDockerError(e, this.connection, 'build')));
  }
  /** Pulls `ref` with progress. */
  pull(ref: string, o: TransferOptions = {}): Promise<void> {
    return pullImage(this.api, ref, o).catch((e) => Promise.reject(toDockerError(e, this.connection, `pull ${ref}`)));
  }
  /** Pushes `ref` with progress; resolves with the pushed digest. */
  push(ref: string, o: TransferOptions = {}): Promise<PushResult> {
    return pushImage(this.api, ref, o).catch((e) => Promise.reject(toDockerError(e, this.connection, `push ${ref}`)));
  }

  // ---- networks and volumes
  /** Lists networks. */
  listNetworks(): Promise<Dockerode.NetworkInspectInfo[]> {
    return this.call('list networks', () => this.api.listNetworks());
  }
  /** Creates a network and returns its id. */
  createNetwork(name: string, o: { driver?: string; internal?: boolean; labels?: Record<string, string> } = {}): Promise<string> {
    return this.call(`create network ${name}`, async () => (await this.api.createNetwork({ Name: name, Driver: o.driver ?? 'bridge', Internal: o.internal, Labels: o.labels })).id);
  }
  /** Inspects a network. */
  inspectNetwork(id: string): Promise<Dockerode.NetworkInspectInfo> {
    return this.call(`inspect network ${id}`, () => this.api.getNetwork(id).inspect());
  }
  /** Removes a network. */
  removeNetwork(id: string): Promise<void> {
    return this.call(`remove network ${id}`, async () => void (await this.api.getNetwork(id).remove()));
  }
  /** Lists volumes. */
  async listVolumes(): Promise<Dockerode.VolumeInspectInfo[]> {
    return this.call('list volumes', async () => (await this.api.listVolumes()).Volumes ?? []);
  }
  /** Creates a volume and returns its name. */
  createVolume(name?: string, labels?: Record<string, string>): Promise<string> {
    return this.call('create volume', async () => {
      // dockerode resolves with a Volume handle (`name`); older versions with the inspect body (`Name`).
      const v = (await this.api.createVolume({ Name: name, Labels: labels })) as unknown as { name?: string; Name?: string };
      return (v.name ?? v.Name)!;
    });
  }
  /** Inspects a volume. */
  inspectVolume(name: string): Promise<Dockerode.VolumeInspectInfo> {
    return this.call(`inspect volume ${name}`, () => this.api.getVolume(name).inspect());
  }
  /** Removes a volume. */
  removeVolume(name: string, force = false): Promise<void> {
    return this.call(`remove volume ${name}`, async () => void (await this.api.getVolume(name).remove({ force })));
  }
  /** Removes unused volumes. */
  pruneVolumes(): Promise<Dockerode.PruneVolumesInfo> {
    return this.call('prune volumes', () => this.api.pruneVolumes());
  }

  /** Engine events as they happen (filters as in `docker events --filter`). */
  async *events(o: { since?: number | string | Date; filters?: Record<string, string[]>; signal?: AbortSignal } = {}): AsyncGenerator<DockerEvent> {
    const stream = await this.call('events', () => this.api.getEvents({ since: toDockerSince(o.since), filters: o.filters ? JSON.stringify(o.filters) : undefined, abortSignal: o.signal } as Dockerode.GetEventsOptions));
    try {
      yield* closingOnExit(stream, readJsonLines<DockerEvent>(stream as unknown as AsyncIterable<Buffer>));
    } catch (e) {
      // a reset mid-stream (engine stopped or restarting) reads as the engine being unreachable
      throw toDockerError(e, this.connection, 'events');
    }
  }
}

/** Converts a `since` value to the epoch seconds the Engine API expects (the docker CLI does this client-side too). */
export function toDockerSince(since: number | string | Date | undefined, now = Date.now()): number | undefined {
  if (since === undefined) return undefined;
  if (since instanceof Date) return Math.floor(since.getTime() / 1000);
  if (typeof since === 'number') return since;
  // A bare number is a point in time (epoch seconds), as with the docker CLI, not a duration.
  if (/^\d+(\.\d+)?$/.test(since.trim())) return Math.floor(Number(since));
  const back = parseDuration(since);
  if (back !== undefined) return Math.floor((now - back) / 1000);
  const t = Date.parse(since);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

interface LooseContainer {
  logs(o: Record<string, unknown>): Promise<unknown>;
  stats(o: Record<string, unknown>): Promise<unknown>;
}

async function* rawChunks(src: AsyncIterable<Buffer>): AsyncGenerator<OutputChunk> {
  const dec = new TextDecoder();
  for await (const b of src) yield { stream: 'stdout', text: dec.decode(b, { stream: true }) };
}
