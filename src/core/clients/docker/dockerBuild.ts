// Image build through the Engine API (classic builder): context packing with .dockerignore, build
// args, target, streamed progress, and on failure the Dockerfile line of the failing step.
import { readFileSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type Dockerode from 'dockerode';
import { ToolError } from '../../contracts/result.js';
import { listBuildContext, packBuildContext } from './buildContext.js';
import { instructionForStep, parseDockerfileInstructions } from './dockerfileLines.js';
import { readJsonLines, type DockerProgressMessage } from './dockerStreams.js';

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  /** Context folder (absolute). */
  context: string;
  /** Dockerfile path, relative to the context or absolute inside it; default `Dockerfile`. */
  dockerfile?: string;
  tags?: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  noCache?: boolean;
  pull?: boolean;
  platform?: string;
  network?: string;
  onProgress?(p: BuildProgress): void;
  signal?: AbortSignal;
}

/** One progress update: a log line, and the step counter when one starts. */
export interface BuildProgress {
  text: string;
  step?: number;
  totalSteps?: number;
}

/** What a successful build produced. */
export interface BuildResult {
  imageId: string;
  tags: string[];
  contextFiles: number;
}

/** A failed build, located in the Dockerfile when the failing step is known. */
export class DockerBuildError extends ToolError {
  constructor(
    message: string,
    readonly dockerfile: string,
    readonly line?: number,
    readonly step?: number,
    readonly output?: string,
  ) {
    super('tool-failed', message, line ? `See ${dockerfile}:${line}` : undefined);
    this.name = 'DockerBuildError';
  }
}

/** Builds an image; rejects with {@link DockerBuildError} (located) or ToolError. */
export async function buildImage(api: Dockerode, o: BuildImageOptions): Promise<BuildResult> {
  const dockerfile = o.dockerfile ?? 'Dockerfile';
  const dfAbs = isAbsolute(dockerfile) ? dockerfile : join(o.context, dockerfile);
  if (!existsSync(dfAbs)) throw new ToolError('invalid-input', `Dockerfile not found: ${dfAbs}`);
  const dfRel = relative(o.context, dfAbs).split('\\').join('/');
  if (dfRel.startsWith('..')) throw new ToolError('invalid-input', `The Dockerfile ${dfAbs} must be inside the build context ${o.context}`);
  const instructions = parseDockerfileInstructions(readFileSync(dfAbs, 'utf8'));
  const files = listBuildContext(o.context, dfRel);
  const tar = packBuildContext(o.context, files);
  const opts: Record<string, unknown> = {
    dockerfile: dfRel,
    t: o.tags ?? [],
    rm: true,
    forcerm: true,
    abortSignal: o.signal,
  };
  if (o.buildArgs && Object.keys(o.buildArgs).length) opts.buildargs = o.buildArgs;
  if (o.target) opts.target = o.target;
  if (o.labels) opts.labels = o.labels;
  if (o.noCache) opts.nocache = true;
  if (o.pull) opts.pull = true;
  if (o.platform) opts.platform = o.platform;
  if (o.network) opts.networkmode = o.network;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await api.buildImage(tar, opts as Dockerode.ImageBuildOptions);
  } catch (e) {
    const msg = engineMessage(e);
    const m = /parse error (?:on )?line (\d+)/i.exec(msg);
    throw new DockerBuildError(`Dockerfile error: ${msg}`, dfAbs, m ? Number(m[1]) : undefined);
  }
  let imageId = '';
  let step: number | undefined;
  const log: string[] = [];
  try {
    for await (const msg of readJsonLines<DockerProgressMessage>(stream as AsyncIterable<Buffer>)) {
      if (msg.aux?.ID) imageId = msg.aux.ID;
      if (msg.error || msg.errorDetail) {
        const text = msg.errorDetail?.message ?? msg.error ?? 'build failed';
        const ins = step ? instructionForStep(instructions, step) : undefined;
        throw new DockerBuildError(
          ins ? `${text} (Dockerfile line ${ins.line}: ${ins.keyword})` : text,
          dfAbs,
          ins?.line,
          step,
          log.join(''),
        );
      }
      const text = msg.stream ?? (msg.status ? `${msg.status}${msg.progress ? ' ' + msg.progress : ''}\n` : '');
      if (!text) continue;
      const s = /^Step (\d+)\/(\d+) :/.exec(text);
      if (s) step = Number(s[1]);
      const built = /^Successfully built ([0-9a-f]+)/.exec(text);
      if (built && !imageId) imageId = built[1];
      if (log.length < 2000) log.push(text);
      o.onProgress?.(s ? { text, step: Number(s[1]), totalSteps: Number(s[2]) } : { text });
    }
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
  if (!imageId) throw new ToolError('tool-failed', 'The build ended without an image id');
  if (!imageId.startsWith('sha256:')) imageId = ((await api.getImage(imageId).inspect()) as { Id: string }).Id;
  return { imageId, tags: o.tags ?? [], contextFiles: files.length };
}

/** The engine's message inside a dockerode error (`(HTTP code 400) … - {"message": …}`). */
export function engineMessage(e: unknown): string {
  const j = (e as { json?: { message?: string } })?.json;
  if (j?.message) return j.message;
  const reason = (e as { reason?: string; message?: string })?.message ?? String(e);
  return reason;
}
