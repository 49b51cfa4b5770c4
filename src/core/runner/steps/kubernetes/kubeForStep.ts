// Shared plumbing for the kubernetes.* step types: the cluster connection a step asks for.
import { KubeClient } from '../../../clients/kubernetes/KubeClient.js';
import type { StepContext } from '../../../contracts/StepType.js';
import { WithParams } from '../WithParams.js';

/** The `with` keys every kubernetes.* step accepts for choosing a cluster. */
export const CONNECTION_KEYS = ['context', 'namespace', 'kubeconfig'] as const;

/** A client for the step's `with.context` / `with.namespace` / `with.kubeconfig`, reading KUBECONFIG from the step env. */
export function kubeForStep(ctx: Pick<StepContext, 'with' | 'env' | 'stepId'>): KubeClient {
  const w = WithParams.of(ctx);
  return KubeClient.load({
    kubeconfig: w.string('kubeconfig'),
    context: w.string('context'),
    namespace: w.string('namespace'),
    env: { ...process.env, ...ctx.env },
  });
}

/** `manifests` (or its older name `files`): manifest files and folders. */
export function manifestPaths(w: WithParams): string[] {
  return w.list('manifests') ?? w.list('files') ?? [];
}
