// Object-level Kubernetes rules: namespaces, Services, and NetworkPolicy coverage across a scan.
import { child, pairOf, podSpecOf, scalarValue, type ManifestObject } from './manifestObjects.js';
import type { ManifestRuleContext } from './manifestContext.js';
import type { ScanRule } from './types.js';

export const OBJECT_RULES = {
  defaultNamespace: { id: 'default-namespace', severity: 'low', message: 'The object is placed in the `default` namespace.', fix: 'Use a namespace of its own.' },
  nodePort: { id: 'service-type-nodeport', severity: 'medium', message: 'A NodePort Service opens a port on every node.', fix: 'Use ClusterIP behind an Ingress, or a LoadBalancer.' },
  networkPolicy: { id: 'no-network-policy', severity: 'medium', message: 'No NetworkPolicy among the scanned manifests: the workload accepts traffic from every pod.', fix: 'Add a NetworkPolicy selecting the workload\'s pods.' },
} as const satisfies Record<string, ScanRule>;

export function checkObjectRules(ctx: ManifestRuleContext): void {
  for (const object of ctx.parsed.objects) {
    const ns = child(child(object.map, 'metadata'), 'namespace');
    if (scalarValue(ns) === 'default') ctx.report(OBJECT_RULES.defaultNamespace, object, ns!);
    if (object.kind === 'Service') {
      const type = child(child(object.map, 'spec'), 'type');
      if (scalarValue(type) === 'NodePort') ctx.report(OBJECT_RULES.nodePort, object, type!);
    }
  }
}

/** Workloads that no NetworkPolicy could cover, when the scanned set has none; reported at `kind`. */
export function checkNetworkPolicy(all: ReadonlyArray<{ ctx: ManifestRuleContext; objects: readonly ManifestObject[] }>): void {
  if (all.some((f) => f.objects.some((o) => o.kind === 'NetworkPolicy'))) return;
  for (const f of all) for (const o of f.objects) if (podSpecOf(o)) f.ctx.report(OBJECT_RULES.networkPolicy, o, pairOf(o.map, 'kind')!);
}
