// kubernetes.rollout — wait for a Deployment/StatefulSet/DaemonSet rollout, optionally restart first.
import { waitForRollout } from '../../../clients/kubernetes/rolloutStatus.js';
import { findKind } from '../../../clients/kubernetes/resourceKinds.js';
import { rolloutRestart, rolloutUndo } from '../../../clients/kubernetes/resourceApi.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { kubeForStep } from './kubeForStep.js';
import { WithParams } from '../WithParams.js';

const ACTIONS = ['status', 'restart', 'undo'] as const;

/** Parses `deployment/web` or `{kind, name}` from `with`. */
export function rolloutTarget(w: WithParams): { kind: string; name: string } | undefined {
  const res = w.string('resource');
  if (res && res.includes('/')) {
    const [kind, name] = res.split('/', 2) as [string, string];
    return { kind, name };
  }
  const name = w.string('name') ?? res;
  return name ? { kind: w.string('kind') ?? 'Deployment', name } : undefined;
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const w = WithParams.of(ctx);
  const t = rolloutTarget(w)!;
  const action = w.enum('action', ACTIONS) ?? (w.bool('restart', false) ? 'restart' : 'status');
  const toRevision = w.number('toRevision', { integer: true, min: 0 });
  const kube = kubeForStep(ctx);
  try {
    if (action === 'undo') {
      const rev = await rolloutUndo(kube, t.name, kube.namespace, toRevision || undefined, ctx.signal);
      ctx.log('stdout', `deployment/${t.name} rolled back to revision ${rev}\n`);
    }
    if (action === 'restart') {
      await rolloutRestart(kube, t.kind, t.name, kube.namespace, new Date(), ctx.signal);
      ctx.log('stdout', `${t.kind.toLowerCase()}/${t.name} restarted\n`);
    }
    if (!w.bool('wait', true)) return { exitCode: 0 };
    const state = await waitForRollout(kube, t.kind, t.name, {
      namespace: kube.namespace,
      timeoutMs: (w.seconds('timeout') ?? 300) * 1000,
      signal: ctx.signal,
      onProgress: (s) => {
        ctx.progress(s.message, s.fraction);
        ctx.log('stdout', s.message + '\n');
      },
    });
    return { exitCode: 0, outputs: { revision: state.revision ?? '' } };
  } finally {
    kube.dispose();
  }
}

/** Waits for a workload's rollout (`kubectl rollout status`), after an optional `action: restart | undo` (`toRevision`); outputs `revision`. */
export const rolloutStep: StepType = {
  type: 'kubernetes.rollout',
  validate(withParams) {
    const w = WithParams.check(withParams);
    const t = rolloutTarget(w);
    if (!t) w.require('resource');
    const action = w.enum('action', ACTIONS);
    if (action === 'undo' && t && findKind(t.kind)?.kind !== 'Deployment') w.fail('action', 'undo works on Deployments');
    w.duration('timeout');
    w.number('toRevision', { integer: true, min: 0 });
    for (const k of ['wait', 'restart']) w.bool(k);
    return w.problems;
  },
  run,
  async dryRun(ctx) {
    const w = WithParams.of(ctx);
    const t = rolloutTarget(w)!;
    const action = w.string('action') ?? (w.bool('restart', false) ? 'restart' : 'status');
    ctx.log('system', `would ${action === 'status' ? '' : `${action} and `}wait for ${t.kind.toLowerCase()}/${t.name} to roll out\n`);
    return { exitCode: 0 };
  },
  describe(withParams) {
    const w = WithParams.check(withParams);
    const t = rolloutTarget(w);
    return `kubectl rollout ${w.string('action') ?? (w.bool('restart', false) ? 'restart' : 'status')} ${t ? `${t.kind.toLowerCase()}/${t.name}` : '?'}`;
  },
};
