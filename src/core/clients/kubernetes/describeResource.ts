// Describe-like summaries: the one-line status the tree shows and the key/value lines a hover or
// "describe" view shows. Column meanings follow `kubectl get` defaults for each kind.
import type { KubeObject } from './types.js';

/** A short summary of one object. */
export interface ResourceSummary {
  /** e.g. `Running`, `2/3 ready`, `Complete`. */
  status: string;
  /** Whether the object looks healthy (drives the tree icon colour). */
  healthy: boolean | undefined;
  /** Ordered label → value pairs for a describe view. */
  details: Array<[string, string]>;
}

/** Age like kubectl: 45s, 12m, 3h, 5d. */
export function formatAge(created: string | undefined, now = Date.now()): string {
  if (!created) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Summarizes any object; kinds without special handling get metadata lines only. */
export function describeResource(obj: KubeObject, now = Date.now()): ResourceSummary {
  const spec = (obj.spec ?? {}) as Any;
  const st = (obj.status ?? {}) as Any;
  const md = obj.metadata;
  const base: Array<[string, string]> = [
    ['Name', md.name],
    ...(md.namespace ? ([['Namespace', md.namespace]] as Array<[string, string]>) : []),
    ['Age', formatAge(md.creationTimestamp, now)],
    ...(md.labels && Object.keys(md.labels).length ? ([['Labels', Object.entries(md.labels).map(([k, v]) => `${k}=${v}`).join(', ')]] as Array<[string, string]>) : []),
  ];
  const out = (status: string, healthy: boolean | undefined, extra: Array<[string, string]> = []): ResourceSummary => ({ status, healthy, details: [...base, ['Status', status], ...extra] });
  switch (obj.kind) {
    case 'Pod': {
      const cs = (st.containerStatuses ?? []) as Any[];
      const ready = cs.filter((c) => c.ready).length;
      const restarts = cs.reduce((a, c) => a + (c.restartCount ?? 0), 0);
      const waiting = cs.find((c) => c.state?.waiting)?.state.waiting.reason as string | undefined;
      const terminated = cs.find((c) => c.state?.terminated)?.state.terminated.reason as string | undefined;
      const phase = md.deletionTimestamp ? 'Terminating' : waiting ?? terminated ?? st.phase ?? 'Pending';
      return out(phase, phase === 'Running' ? ready === cs.length : phase === 'Succeeded' ? true : phase === 'Pending' ? undefined : false, [
        ['Ready', `${ready}/${(spec.containers ?? []).length}`],
        ['Restarts', String(restarts)],
        ['Node', spec.nodeName ?? '<none>'],
        ['IP', st.podIP ?? '<none>'],
        ['Containers', ((spec.containers ?? []) as Any[]).map((c) => `${c.name} (${c.image})`).join(', ')],
      ]);
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': {
      const want = spec.replicas ?? 1;
      const ready = st.readyReplicas ?? 0;
      return out(`${ready}/${want} ready`, ready >= want, [
        ['Replicas', `${want} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available`],
        ['Images', ((spec.template?.spec?.containers ?? []) as Any[]).map((c) => c.image).join(', ')],
        ['Selector', Object.entries(spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')],
      ]);
    }
    case 'DaemonSet': {
      const want = st.desiredNumberScheduled ?? 0;
      const ready = st.numberReady ?? 0;
      return out(`${ready}/${want} ready`, ready >= want, [['Scheduled', `${st.currentNumberScheduled ?? 0} current | ${st.updatedNumberScheduled ?? 0} updated | ${st.numberAvailable ?? 0} available`]]);
    }
    case 'Job': {
      const conds = (st.conditions ?? []) as Any[];
      const failed = conds.find((c) => c.type === 'Failed' && c.status === 'True');
      const complete = conds.find((c) => c.type === 'Complete' && c.status === 'True');
      const status = complete ? 'Complete' : failed ? `Failed (${failed.reason ?? ''})` : st.active ? 'Running' : 'Pending';
      return out(status, complete ? true : failed ? false : undefined, [['Completions', `${st.succeeded ?? 0}/${spec.completions ?? 1}`], ['Failed pods', String(st.failed ?? 0)]]);
    }
    case 'CronJob':
      return out(spec.suspend ? 'Suspended' : 'Active', true, [['Schedule', spec.schedule ?? ''], ['Last schedule', st.lastScheduleTime ?? '<none>'], ['Active jobs', String((st.active ?? []).length)]]);
    case 'Service': {
      const ports = ((spec.ports ?? []) as Any[]).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ');
      return out(spec.type ?? 'ClusterIP', true, [['Cluster IP', spec.clusterIP ?? '<none>'], ['Ports', ports]]);
    }
    case 'Ingress': {
      const hosts = ((spec.rules ?? []) as Any[]).map((r) => r.host ?? '*').join(', ');
      return out(hosts || '*', true, [['Class', spec.ingressClassName ?? '<none>'], ['Address', ((st.loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname).join(', ')]]);
    }
    case 'PersistentVolumeClaim':
      return out(st.phase ?? 'Pending', st.phase === 'Bound', [['Volume', spec.volumeName ?? ''], ['Capacity', st.capacity?.storage ?? ''], ['Storage class', spec.storageClassName ?? '']]);
    case 'Namespace':
      return out(st.phase ?? 'Active', st.phase !== 'Terminating');
    case 'Node': {
      const ready = ((st.conditions ?? []) as Any[]).find((c) => c.type === 'Ready');
      return out(ready?.status === 'True' ? 'Ready' : 'NotReady', ready?.status === 'True', [['Version', st.nodeInfo?.kubeletVersion ?? ''], ['OS', st.nodeInfo?.osImage ?? '']]);
    }
    case 'ConfigMap':
    case 'Secret': {
      const keys = Object.keys({ ...(obj.data as Any), ...(obj.binaryData as Any), ...(obj.stringData as Any) });
      // Secret values never appear in summaries; only key names.
      return out(`${keys.length} keys`, true, [['Keys', keys.join(', ')], ...(obj.kind === 'Secret' ? ([['Type', String(obj.type ?? 'Opaque')]] as Array<[string, string]>) : [])]);
    }
    case 'Event':
      return out(String(obj.reason ?? ''), obj.type !== 'Warning', [['Object', `${(obj.involvedObject as Any)?.kind}/${(obj.involvedObject as Any)?.name}`], ['Message', String(obj.message ?? '')], ['Count', String(obj.count ?? 1)]]);
    default:
      return out(st.phase ?? '', undefined);
  }
}
