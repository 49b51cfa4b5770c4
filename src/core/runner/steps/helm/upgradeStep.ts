// helm.upgrade — `helm upgrade -o json`; `installIfMissing: true` adds --install.
import { helmUpgrade } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';
import { withInlineValues } from './inlineValuesFile.js';
import { HELM_SET_RAW_KEYS, helmFor, installOptions, releaseOutcome, runHelm, validateInstall } from './helmForStep.js';

async function upgrade(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const o = { ...installOptions(ctx, w), dryRun, install: w.bool('installIfMissing') ?? w.bool('install', false), reuseValues: w.bool('reuseValues', false), resetValues: w.bool('resetValues', false), cleanupOnFail: w.bool('cleanupOnFail', false) };
  return releaseOutcome(ctx, await withInlineValues(ctx.with, o, (withFile) => runHelm(ctx, helmUpgrade(helmFor(ctx), withFile))));
}

/** `helm upgrade` (`installIfMissing: true` → `--install`); same outputs as helm.install. */
export const helmUpgradeStep: StepType = {
  type: 'helm.upgrade',
  withValues: HELM_SET_RAW_KEYS,
  validate: validateInstall,
  run: (ctx) => upgrade(ctx, ctx.dryRun || WithParams.of(ctx).bool('dryRun', false)),
  dryRun: (ctx) => upgrade(ctx, true),
  describe(withParams) {
    const w = WithParams.check(withParams);
    const install = w.bool('installIfMissing') ?? w.bool('install', false);
    return `helm upgrade ${install ? '--install ' : ''}${w.string('release') ?? w.string('name') ?? '?'} ${w.string('chart') ?? '?'}`;
  },
};
