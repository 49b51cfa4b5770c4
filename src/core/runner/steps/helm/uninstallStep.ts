// helm.uninstall — `keepHistory` keeps the release records.
import { helmUninstall } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';
import { helmFor, releaseOptions, runHelm, validateRelease } from './helmForStep.js';

async function uninstall(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const out = await runHelm(ctx, helmUninstall(helmFor(ctx), { ...releaseOptions(ctx, w), keepHistory: w.bool('keepHistory', false), ignoreNotFound: w.bool('ignoreNotFound', false), dryRun }));
  ctx.log('stdout', out);
  return { exitCode: 0 };
}

/** `helm uninstall` (`keepHistory` keeps the release records). */
export const helmUninstallStep: StepType = {
  type: 'helm.uninstall',
  validate: validateRelease,
  run: (ctx) => uninstall(ctx, ctx.dryRun || WithParams.of(ctx).bool('dryRun', false)),
  dryRun: (ctx) => uninstall(ctx, true),
  describe: (withParams) => `helm uninstall ${WithParams.check(withParams).string('release') ?? '?'}`,
};
