// Step type `docker.push`: pushes one or more image references; outputs the digest of the first.
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';
import { splitImageTag } from '../../../clients/docker/dockerTransfer.js';
import { dockerForStep, failureOutcome, registryAuthFor } from './dockerStepSupport.js';

/** References to push: `image` with each of `tags` (bare tags appended), prefixed by `registry` when given. */
export function pushRefs(w: WithParams): Array<{ local: string; remote: string }> {
  const image = w.string('image');
  if (!image) return [];
  const registry = w.string('registry')?.replace(/\/+$/, '');
  const hasTag = /:[^/]*$/.test(image) || image.includes('@');
  const repo = hasTag ? image.replace(/(@.*|:[^/]*)$/, '') : image;
  const tags = w.list('tags', { commas: true });
  const locals = tags?.length ? tags.map((t) => (t.includes(':') || t.includes('/') ? t : `${repo}:${t}`)) : [hasTag ? image : `${image}:latest`];
  return locals.map((local) => ({ local, remote: registry && !local.startsWith(registry + '/') ? `${registry}/${local}` : local }));
}
const refsOf = (w: WithParams): string[] => pushRefs(w).map((r) => r.remote);

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const pairs = pushRefs(w);
  if (!pairs.length) return { exitCode: 2, message: '`image` is required.' };
  const docker = dockerForStep(ctx);
  const outputs: Record<string, string> = {};
  try {
    for (const { local, remote: ref } of pairs) {
      if (local !== ref) {
        // Pushing to `registry` needs a local tag that names it.
        const { name, tag } = splitImageTag(ref);
        await docker.tagImage(local, name, tag ?? 'latest');
      }
      const layers = new Map<string, string>();
      const r = await docker.push(ref, {
        auth: await registryAuthFor(ctx, ref),
        signal: ctx.signal,
        onProgress: (p) => {
          if (!p.id) return ctx.log('stdout', p.status + '\n');
          if (layers.get(p.id) !== p.status) ctx.log('stdout', `${p.id}: ${p.status}\n`);
          layers.set(p.id, p.status);
          ctx.progress(`${ref}: ${p.status} ${p.id}`, p.total ? (p.current ?? 0) / p.total : undefined);
        },
      });
      if (r.digest) {
        outputs[`digest`] ??= r.digest;
        ctx.log('stdout', `${ref}: digest ${r.digest}\n`);
      }
    }
    return { exitCode: 0, outputs };
  } catch (e) {
    return failureOutcome(e);
  }
}

/** `docker.push`: push image references to their registries. */
export const dockerPushStep: StepType = {
  type: 'docker.push',
  validate(withParams) {
    const w = WithParams.check(withParams);
    const problems = refsOf(w).length ? [] : [{ key: 'image', message: '`image` is required.' }];
    for (const k of ['username', 'passwordSecret']) w.string(k);
    return [...problems, ...w.problems];
  },
  run,
  describe: (w) => `docker push ${refsOf(WithParams.check(w)).join(' ')}`,
};
