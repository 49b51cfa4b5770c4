// Step type `docker.push`: pushes one or more image references; outputs the digest of the first.
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../ansible/withParams.js';
import { dockerForStep, failureOutcome, registryAuthFor } from './dockerStepSupport.js';

const refsOf = (w: WithParams): string[] => [...(w.list('image') ?? []), ...(w.list('tags') ?? [])];

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = new WithParams(ctx.with);
  const refs = refsOf(w);
  if (!refs.length) return { exitCode: 2, message: '`image` (or `tags`) is required.' };
  const docker = dockerForStep(ctx);
  const outputs: Record<string, string> = {};
  try {
    for (const ref of refs) {
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
  validate: (w) => (refsOf(new WithParams(w)).length ? [] : [{ key: 'image', message: '`image` (or `tags`) is required.' }]),
  run,
  describe: (w) => `docker push ${refsOf(new WithParams(w)).join(' ')}`,
};
