// helm.install — `helm install -o json`; dry run uses --dry-run.
import { helmInstall } from '../../../clients/helm/helmCommands.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';
import { withInlineValues } from './inlineValuesFile.js';
import { HELM_SET_RAW_KEYS, helmFor, installOptions, releaseOutcome, runHelm, validateInstall } from './helmForStep.js';

async function install(ctx: StepContext, dryRun: boolean): Promise<StepOutcome> {
  const o = { ...installOptions(ctx), dryRun };
  return releaseOutcome(ctx, await withInlineValues(ctx.with, o, (withFile) => runHelm(ctx, helmInstall(helmFor(ctx), withFile))));
}

/** `helm install`; outputs release, namespace, revision, status, chart, appVersion. */
export const helmInstallStep: StepType = {
  type: 'helm.install',
  withValues: HELM_SET_RAW_KEYS,
  validate: validateInstall,
  run: (ctx) => install(ctx, ctx.dryRun || WithParams.of(ctx).bool('dryRun', false)),
  dryRun: (ctx) => install(ctx, true),
  describe(withParams) {
    const w = WithParams.check(withParams);
    return `helm install ${w.string('release') ?? w.string('name') ?? '?'} ${w.string('chart') ?? '?'}`;
  },
};
