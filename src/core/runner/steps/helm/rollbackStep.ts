// helm.rollback — to `revision`, or the previous one when omitted.
import { helmRollback } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';
import { helmFor, releaseOptions, runHelm, validateRelease } from './helmForStep.js';

async function rollback(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const rev = w.number('revision', { integer: true, min: 0 }) || undefined;
  const out = await runHelm(ctx, helmRollback(helmFor(ctx), { ...releaseOptions(ctx, w), revision: rev, dryRun, cleanupOnFail: w.bool('cleanupOnFail', false) }));
  ctx.log('stdout', out);
  return { exitCode: 0 };
}

/** `helm rollback` to `revision` (default: the previous one). */
export const helmRollbackStep: StepType = {
  type: 'helm.rollback',
  validate: validateRelease,
  run: (ctx) => rollback(ctx, ctx.dryRun || WithParams.of(ctx).bool('dryRun', false)),
  dryRun: (ctx) => rollback(ctx, true),
  describe(withParams) {
    const w = WithParams.check(withParams);
    const revision = w.string('revision');
    return `helm rollback ${w.string('release') ?? '?'}${revision && revision !== '0' ? ` ${revision}` : ''}`;
  },
};
