// helm.upgrade — `helm upgrade -o json`; `installIfMissing: true` adds --install.
import { helmUpgrade } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { bool, str } from '../kubernetes/kubeForStep.js';
import { withInlineValues } from './inlineValuesFile.js';
import { HELM_SET_RAW_KEYS, helmFor, installOptions, releaseOutcome, runHelm, validateInstall } from './helmForStep.js';

async function upgrade(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const w = ctx.with;
  const o = { ...installOptions(ctx), dryRun, install: bool(w.installIfMissing ?? w.install), reuseValues: bool(w.reuseValues), resetValues: bool(w.resetValues), cleanupOnFail: bool(w.cleanupOnFail) };
  return releaseOutcome(ctx, await withInlineValues(ctx.with, o, (withFile) => runHelm(ctx, helmUpgrade(helmFor(ctx), withFile))));
}

/** `helm upgrade` (`installIfMissing: true` → `--install`); same outputs as helm.install. */
export const helmUpgradeStep: StepType = {
  type: 'helm.upgrade',
  withValues: HELM_SET_RAW_KEYS,
  validate: validateInstall,
  run: (ctx) => upgrade(ctx, ctx.dryRun || bool(ctx.with.dryRun)),
  dryRun: (ctx) => upgrade(ctx, true),
  describe: (w) => `helm upgrade ${bool(w.installIfMissing ?? w.install) ? '--install ' : ''}${str(w.release) ?? str(w.name) ?? '?'} ${str(w.chart) ?? '?'}`,
};
