// helm.uninstall — `keepHistory` keeps the release records.
import { helmUninstall } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { bool, str } from '../kubernetes/kubeForStep.js';
import { helmFor, releaseOptions, runHelm, validateRelease } from './helmForStep.js';

async function uninstall(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const out = await runHelm(ctx, helmUninstall(helmFor(ctx), { ...releaseOptions(ctx), keepHistory: bool(ctx.with.keepHistory), ignoreNotFound: bool(ctx.with.ignoreNotFound), dryRun }));
  ctx.log('stdout', out);
  return { exitCode: 0 };
}

/** `helm uninstall` (`keepHistory` keeps the release records). */
export const helmUninstallStep: StepType = {
  type: 'helm.uninstall',
  validate: validateRelease,
  run: (ctx) => uninstall(ctx, ctx.dryRun || bool(ctx.with.dryRun)),
  dryRun: (ctx) => uninstall(ctx, true),
  describe: (w) => `helm uninstall ${str(w.release) ?? '?'}`,
};
