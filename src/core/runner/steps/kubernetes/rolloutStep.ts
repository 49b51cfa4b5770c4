// kubernetes.rollout — wait for a Deployment/StatefulSet/DaemonSet rollout, optionally restart first.
import { waitForRollout } from '../../../clients/kubernetes/rolloutStatus.js';
import { findKind } from '../../../clients/kubernetes/resourceKinds.js';
import { rolloutRestart, rolloutUndo } from '../../../clients/kubernetes/resourceApi.js';
import type { StepContext, StepOutcome, StepType } from '../../../contracts/StepType.js';
import { bool, checkDuration, kubeForStep, requireKeys, seconds, str } from './kubeForStep.js';

/** Parses `deployment/web` or `{kind, name}` from `with`. */
export function rolloutTarget(w: Record<string, unknown>): { kind: string; name: string } | undefined {
  const res = str(w.resource);
  if (res && res.includes('/')) {
    const [kind, name] = res.split('/', 2) as [string, string];
    return { kind, name };
  }
  const name = str(w.name) ?? res;
  return name ? { kind: str(w.kind) ?? 'Deployment', name } : undefined;
}

async function run(ctx: StepContext): Promise<StepOutcome> {
  const t = rolloutTarget(ctx.with)!;
  const kube = kubeForStep(ctx);
  try {
    const action = str(ctx.with.action) ?? (bool(ctx.with.restart) ? 'restart' : 'status');
    if (action === 'undo') {
      const rev = await rolloutUndo(kube, t.name, kube.namespace, Number(ctx.with.toRevision ?? 0) || undefined, ctx.signal);
      ctx.log('stdout', `deployment/${t.name} rolled back to revision ${rev}\n`);
    }
    if (action === 'restart') {
      await rolloutRestart(kube, t.kind, t.name, kube.namespace, new Date(), ctx.signal);
      ctx.log('stdout', `${t.kind.toLowerCase()}/${t.name} restarted\n`);
    }
    if (!bool(ctx.with.wait, true)) return { exitCode: 0 };
    const state = await waitForRollout(kube, t.kind, t.name, {
      namespace: kube.namespace,
      timeoutMs: (seconds(ctx.with.timeout) ?? 300) * 1000,
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
  validate(w) {
    const p = rolloutTarget(w) ? [] : requireKeys(w, ['resource']);
    const action = str(w.action);
    const bad = action && !['status', 'restart', 'undo'].includes(action) ? [{ key: 'action', message: "'action' is status, restart or undo" }] : [];
    const t = rolloutTarget(w);
    const undoKind = action === 'undo' && t && findKind(t.kind)?.kind !== 'Deployment' ? [{ key: 'action', message: 'undo works on Deployments' }] : [];
    return [...p, ...bad, ...undoKind, ...checkDuration(w, 'timeout')];
  },
  run,
  async dryRun(ctx) {
    const t = rolloutTarget(ctx.with)!;
    const action = str(ctx.with.action) ?? (bool(ctx.with.restart) ? 'restart' : 'status');
    ctx.log('system', `would ${action === 'status' ? '' : `${action} and `}wait for ${t.kind.toLowerCase()}/${t.name} to roll out\n`);
    return { exitCode: 0 };
  },
  describe(w) {
    const t = rolloutTarget(w);
    return `kubectl rollout ${str(w.action) ?? (bool(w.restart) ? 'restart' : 'status')} ${t ? `${t.kind.toLowerCase()}/${t.name}` : '?'}`;
  },
};
