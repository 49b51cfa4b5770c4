// Pod-level Kubernetes rules: host namespaces, hostPath volumes, the service account token.
import { isMap } from 'yaml';
import { child, mapItems, pairOf, podSpecOf, scalarValue } from './manifestObjects.js';
import { replaceScalar, type ManifestRuleContext } from './manifestContext.js';
import type { ScanRule } from './types.js';

export const POD_RULES = {
  hostNetwork: { id: 'host-network', severity: 'high', message: 'The pod shares the node\'s network namespace (hostNetwork: true).', fix: 'Remove hostNetwork or set it to false; expose ports through a Service.' },
  hostPID: { id: 'host-pid', severity: 'high', message: 'The pod shares the node\'s process namespace (hostPID: true).', fix: 'Remove hostPID or set it to false.' },
  hostIPC: { id: 'host-ipc', severity: 'high', message: 'The pod shares the node\'s IPC namespace (hostIPC: true).', fix: 'Remove hostIPC or set it to false.' },
  hostPath: { id: 'host-path', severity: 'high', message: 'A hostPath volume mounts a folder of the node into the pod.', fix: 'Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret volume instead.' },
  automount: { id: 'automount-service-account-token', severity: 'low', message: 'The service account token is mounted into the pod (automountServiceAccountToken is not false).', fix: 'Set automountServiceAccountToken: false unless the pod calls the Kubernetes API.' },
} as const satisfies Record<string, ScanRule>;

export function checkPodRules(ctx: ManifestRuleContext): void {
  for (const object of ctx.parsed.objects) {
    const spec = podSpecOf(object);
    if (!spec) continue;
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      const p = pairOf(spec, key);
      if (p && scalarValue(p.value) === true) ctx.report(POD_RULES[key], object, p, replaceScalar(child(spec, key), 'false', `Set ${key}: false`));
    }
    for (const vol of mapItems(child(spec, 'volumes'))) {
      const hp = pairOf(vol, 'hostPath');
      if (hp) ctx.report(POD_RULES.hostPath, object, hp);
    }
    const auto = pairOf(spec, 'automountServiceAccountToken');
    if (!auto) {
      if (isMap(spec) && spec.items[0]) ctx.report(POD_RULES.automount, object, spec.items[0]);
    } else if (scalarValue(auto.value) !== false) {
      ctx.report(POD_RULES.automount, object, auto, replaceScalar(child(spec, 'automountServiceAccountToken'), 'false', 'Set automountServiceAccountToken: false'));
    }
  }
}
