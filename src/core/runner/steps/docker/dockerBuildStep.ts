// Step type `docker.build`: builds an image from a context folder (.dockerignore honoured), with build
// args and target; optionally pushes the tags. Outputs: imageId, image, tags, digest (when pushed).
import { isAbsolute, join } from 'node:path';
import type { StepContext, StepOutcome, StepParamProblem, StepType } from '../../../contracts/StepType.js';
import { DockerBuildError } from '../../../clients/docker/dockerBuild.js';
import { listBuildContext } from '../../../clients/docker/buildContext.js';
import { WithParams } from '../WithParams.js';
import { splitImageTag } from '../../../clients/docker/dockerTransfer.js';
import { dockerForStep, failureOutcome, registryAuthFor, workspacePath } from './dockerStepSupport.js';

/** Full image references from `image` + `tags` (bare tags are appended to `image`; no tags means `image:latest`). */
export function imageRefs(w: WithParams): string[] {
  const image = w.string('image');
  const tags = [...(w.list('tags', { commas: true }) ?? []), ...(w.list('tag', { commas: true }) ?? [])];
  if (!image) return tags;
  if (!tags.length) return [/:[^/]*$/.test(image) ? image : `${image}:latest`];
  return tags.map((t) => (t.includes(':') || t.includes('/') || t.includes('@') ? t : `${image}:${t}`));
}
const tagsOf = imageRefs;

function validate(withParams: Record<string, unknown>): StepParamProblem[] {
  const w = WithParams.check(withParams);
  const problems: StepParamProblem[] = [];
  if (w.bool('push') && tagsOf(w).length === 0) problems.push({ key: 'push', message: '`push: true` needs at least one entry in `tags`.' });
  w.map('buildArgs');
  w.map('labels');
  w.bool('noCache');
  w.bool('pull');
  return [...problems, ...w.problems];
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const problems = validate(ctx.with);
  if (problems.length) return { exitCode: 2, message: problems.map((p) => p.message).join(' ') };
  const w = WithParams.of(ctx);
  const context = workspacePath(ctx, w.string('context') ?? '.');
  const dockerfile = w.string('dockerfile') ?? w.string('file');
  const tags = tagsOf(w);
  const docker = dockerForStep(ctx);
  try {
    await docker.ping();
    const result = await docker.build({
      context,
      // Like compose's `build.dockerfile`, a relative Dockerfile path is relative to the context.
      dockerfile: dockerfile ? (isAbsolute(dockerfile) ? dockerfile : join(context, dockerfile)) : undefined,
      tags,
      buildArgs: w.map('buildArgs'),
      target: w.string('target'),
      // No default labels: with the classic builder every label is one more committed layer step.
      labels: w.map('labels'),
      noCache: w.bool('noCache'),
      pull: w.bool('pull'),
      platform: w.string('platform'),
      network: w.string('network'),
      signal: ctx.signal,
      onProgress: (p) => {
        ctx.log('stdout', p.text);
        if (p.step && p.totalSteps) ctx.progress(p.text.trim(), (p.step - 1) / p.totalSteps, { docker: { step: p.step, totalSteps: p.totalSteps } });
      },
    });
    const last = tags[tags.length - 1];
    const outputs: Record<string, string> = { imageId: result.imageId, tags: tags.join(','), image: tags[0] ?? result.imageId, tag: last ? (splitImageTag(last).tag ?? 'latest') : '' };
    ctx.progress(`Built ${tags[0] ?? result.imageId.slice(7, 19)}`, 1);
    if (w.bool('push')) {
      for (const tag of tags) {
        const pushed = await docker.push(tag, { auth: await registryAuthFor(ctx, tag), signal: ctx.signal, onProgress: (p) => p.id && ctx.progress(`${p.status} ${p.id}`) });
        ctx.log('stdout', `Pushed ${tag}${pushed.digest ? ` (${pushed.digest})` : ''}\n`);
        if (pushed.digest && !outputs.digest) outputs.digest = pushed.digest;
      }
    }
    return { exitCode: 0, outputs };
  } catch (e) {
    if (e instanceof DockerBuildError) {
      // `file:line: error:` lines are what the docker problem matcher and diagnostics read.
      ctx.log('system', `${e.dockerfile}${e.line ? ':' + e.line : ''}: error: ${e.message}\n`);
      return { exitCode: 1, message: e.line ? `${e.message} — ${e.dockerfile}:${e.line}` : e.message };
    }
    return failureOutcome(e);
  }
}

/** `docker.build`: build (and optionally push) an image. */
export const dockerBuildStep: StepType = {
  type: 'docker.build',
  validate,
  run,
  async dryRun(ctx) {
    const w = WithParams.of(ctx);
    const context = workspacePath(ctx, w.string('context') ?? '.');
    const files = listBuildContext(context, w.string('dockerfile') ?? 'Dockerfile');
    ctx.log('stdout', `Would build ${context} (${files.length} files after .dockerignore) as ${tagsOf(w).join(', ') || '<untagged>'}\n`);
    return { exitCode: 0 };
  },
  describe(withParams) {
    const w = WithParams.check(withParams);
    return `docker build ${tagsOf(w).map((t) => `-t ${t} `).join('')}${w.string('context') ?? '.'}`;
  },
};
