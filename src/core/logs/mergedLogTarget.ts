// What "Show Merged Logs" was asked to follow, independent of the tree it was invoked from, and how
// each kind of target becomes sources of a LogMerger.
import type { DockerClient } from '../clients/docker/DockerClient.js';
import type { KubeClient } from '../clients/kubernetes/KubeClient.js';
import type { LogMerger } from './LogMerger.js';
import { dockerContainerSource } from './sources/dockerContainerSource.js';
import { followPods, workloadPods } from './sources/kubePodSources.js';
import { runStepSources } from './sources/runStepSources.js';

/** A selection to follow. */
export type MergedLogTarget =
  | { kind: 'workload'; context: string; namespace: string; workloadKind: string; name: string }
  | { kind: 'pods'; context: string; namespace: string; labelSelector?: string }
  | { kind: 'containers'; containers: { id: string; name: string }[]; project?: string }
  | { kind: 'run'; root: string; runId: string; pipeline?: string };

/** The view's title. */
export function mergedLogTitle(t: MergedLogTarget): string {
  switch (t.kind) {
    case 'workload':
      return `${t.workloadKind} ${t.namespace}/${t.name}`;
    case 'pods':
      return t.labelSelector ? `Pods ${t.namespace} (${t.labelSelector})` : `Namespace ${t.namespace}`;
    case 'containers':
      return t.project ? `Compose project ${t.project}` : t.containers.length === 1 ? `Container ${t.containers[0].name}` : `${t.containers.length} containers`;
    case 'run':
      return `Run ${t.runId.slice(0, 8)}${t.pipeline ? ` of ${t.pipeline}` : ''}`;
  }
}

/** Clients the targets need, made on demand (a run needs none). */
export interface MergedLogClients {
  kube(context: string, namespace: string): KubeClient;
  docker(): DockerClient;
}

/** Adds the target's sources to `merger` (pods keep coming as they start); dispose stops following new ones. */
export async function followTarget(merger: LogMerger, target: MergedLogTarget, clients: MergedLogClients): Promise<{ dispose(): void }> {
  switch (target.kind) {
    case 'workload':
    case 'pods': {
      const kube = clients.kube(target.context, target.namespace);
      const selection = target.kind === 'workload' ? await workloadPods(kube, target.workloadKind, target.name, target.namespace) : { namespace: target.namespace, labelSelector: target.labelSelector };
      const follow = followPods(kube, selection, merger);
      try {
        await follow.ready();
      } catch (e) {
        follow.dispose();
        throw e;
      }
      return follow;
    }
    case 'containers': {
      const docker = clients.docker();
      for (const c of target.containers) merger.add(dockerContainerSource(docker, c.id, c.name));
      return { dispose() {} };
    }
    case 'run':
      for (const s of runStepSources(target.root, target.runId)) merger.add(s);
      return { dispose() {} };
  }
}
