// helm.rollback — to `revision`, or the previous one when omitted.
import { helmRollback } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { bool, str } from '../kubernetes/kubeForStep.js';
import { helmFor, releaseOptions, runHelm, validateRelease } from './helmForStep.js';

async function rollback(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const rev = Number(ctx.with.revision ?? 0) || undefined;
  const out = await runHelm(ctx, helmRollback(helmFor(ctx), { ...releaseOptions(ctx), revision: rev, dryRun, cleanupOnFail: bool(ctx.with.cleanupOnFail) }));
  ctx.log('stdout', out);
  return { exitCode: 0 };
}

/** `helm rollback` to `revision` (default: the previous one). */
export const helmRollbackStep: StepType = {
  type: 'helm.rollback',
  validate: validateRelease,
  run: (ctx) => rollback(ctx, ctx.dryRun || bool(ctx.with.dryRun)),
  dryRun: (ctx) => rollback(ctx, true),
  describe: (w) => `helm rollback ${str(w.release) ?? '?'}${w.revision ? ` ${String(w.revision)}` : ''}`,
};
