// Object-level Kubernetes rules: namespaces, Services, and the candidates for NetworkPolicy coverage,
// which is judged across the files of a scan (see NetworkPolicyIndex).
import { child, pairOf, podSpecOf, scalarValue, type ManifestObject } from './manifestObjects.js';
import type { ManifestRuleContext } from './manifestContext.js';
import type { ScanRule } from './types.js';

export const OBJECT_RULES = {
  defaultNamespace: { id: 'default-namespace', severity: 'low', message: 'The object is placed in the `default` namespace.', fix: 'Use a namespace of its own.' },
  nodePort: { id: 'service-type-nodeport', severity: 'medium', message: 'A NodePort Service opens a port on every node.', fix: 'Use ClusterIP behind an Ingress, or a LoadBalancer.' },
  networkPolicy: { id: 'no-network-policy', severity: 'medium', message: 'No NetworkPolicy in the workload\'s namespace among the scanned manifests: it accepts traffic from every pod.', fix: 'Add a NetworkPolicy selecting the workload\'s pods.' },
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

/** A NetworkPolicy's namespace, or a workload's (`''` when unset): what {@link NetworkPolicyIndex} matches on. */
export function namespaceOf(object: ManifestObject): string {
  const ns = scalarValue(child(child(object.map, 'metadata'), 'namespace'));
  return typeof ns === 'string' ? ns : '';
}

/** Every pod-bearing object, as a no-network-policy candidate reported at `kind`; kept only when no policy covers its namespace. */
export function checkNetworkPolicyCandidates(ctx: ManifestRuleContext): void {
  for (const o of ctx.parsed.objects) if (podSpecOf(o)) ctx.report(OBJECT_RULES.networkPolicy, o, pairOf(o.map, 'kind')!);
}
