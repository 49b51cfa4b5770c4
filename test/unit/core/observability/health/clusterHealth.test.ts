// (unit) The cluster health summary from hand-written lists in the apiserver's shapes; the same code
// runs on the real apiserver and kubelet in test/integration/observability/metricsAndHealth.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../src/core/clients/kubernetes/index.js';
import { healthItems, summarizeClusterHealth, usageItems } from '../../../../../src/core/observability/health/index.js';

const now = new Date('2026-12-01T12:00:00Z');
const obj = (kind: string, name: string, rest: Partial<KubeObject> = {}, namespace: string | null = 'app'): KubeObject => ({ kind, apiVersion: 'v1', metadata: { name, namespace: namespace ?? undefined, uid: `${kind}-${name}` }, ...rest }) as KubeObject;
const owner = (kind: string, name: string) => ({ ownerReferences: [{ kind, name, controller: true, apiVersion: 'apps/v1', uid: name }] });

const inputs = {
  nodes: [
    obj('Node', 'n1', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, null),
    obj('Node', 'n2', { status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] } }, null),
  ],
  pods: [
    { ...obj('Pod', 'web-abc-1', { status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: false, restartCount: 0 }] } }), metadata: { name: 'web-abc-1', namespace: 'app', ...owner('ReplicaSet', 'web-abc') } },
    { ...obj('Pod', 'crash-1', { status: { phase: 'Running', containerStatuses: [{ name: 'c', restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 2 } } }] } }) },
    obj('Pod', 'pending-1', { status: { phase: 'Pending', containerStatuses: [{ name: 'p', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } }),
    obj('Pod', 'job-1', { status: { phase: 'Succeeded' } }),
  ] as KubeObject[],
  replicaSets: [{ ...obj('ReplicaSet', 'web-abc'), metadata: { name: 'web-abc', namespace: 'app', ...owner('Deployment', 'web') } }] as KubeObject[],
  workloads: [
    obj('Deployment', 'web', { metadata: { name: 'web', namespace: 'app', generation: 2 }, spec: { replicas: 1 }, status: { observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0 } }),
    obj('Deployment', 'ok', { metadata: { name: 'ok', namespace: 'app', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } }),
  ],
  events: [
    obj('Event', 'e1', { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: ', count: 12, lastTimestamp: '2026-12-01T11:59:00Z', involvedObject: { kind: 'Pod', namespace: 'app', name: 'web-abc-1' } }),
    obj('Event', 'e2', { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', count: 3, lastTimestamp: '2026-12-01T11:30:00Z', involvedObject: { kind: 'Pod', namespace: 'app', name: 'crash-1' } }),
    obj('Event', 'old', { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: old', count: 99, lastTimestamp: '2026-12-01T10:00:00Z', involvedObject: { kind: 'Pod', namespace: 'app', name: 'web-abc-1' } }),
    obj('Event', 'normal', { type: 'Normal', reason: 'Pulled', message: 'ok', lastTimestamp: '2026-12-01T11:59:30Z', involvedObject: { kind: 'Pod', namespace: 'app', name: 'job-1' } }),
  ],
};

test('(unit) cluster health: nodes ready, pods not running, restarting containers and warning events of the last hour', () => {
  const h = summarizeClusterHealth(inputs, now);
  assert.deepEqual([h.nodes.total, h.nodes.ready], [2, 1]);
  assert.deepEqual(h.nodes.notReady, [{ ref: { kind: 'Node', namespace: undefined, name: 'n2' }, reason: 'NodeStatusUnknown: Kubelet stopped posting node status.' }]);
  assert.deepEqual(h.podsNotRunning, [{ ref: { kind: 'Pod', namespace: 'app', name: 'pending-1' }, phase: 'Pending', reason: 'ImagePullBackOff' }]);
  assert.deepEqual(h.restarting, [{ ref: { kind: 'Pod', namespace: 'app', name: 'crash-1' }, container: 'c', restarts: 7, reason: 'CrashLoopBackOff (exit 2)' }]);
  assert.deepEqual(h.warnings.map((w) => [w.reason, w.ref.name, w.count]), [['Unhealthy', 'web-abc-1', 12], ['BackOff', 'crash-1', 3]]);
});

test('(unit) cluster health: workloads with readiness, rollout state and probe failures traced from pod to ReplicaSet to Deployment', () => {
  const h = summarizeClusterHealth(inputs, now);
  assert.deepEqual(
    h.workloads.map((w) => [w.ref.name, w.ready, w.healthy, w.rolloutDone, w.probeFailures, w.lastProbeFailure]),
    [
      ['web', '0/1', false, false, 12, 'Readiness probe failed:'],
      ['ok', '2/2', true, true, 0, undefined],
    ],
  );
  const items = healthItems(h);
  const web = items.find((i) => i.ref?.name === 'web' && i.section === 'Workloads')!;
  assert.equal(web.description, 'ready 0/1 · rolling out · 12 probe failure(s)');
  assert.deepEqual(web.ref, { kind: 'Deployment', namespace: 'app', name: 'web' });
  assert.deepEqual(items.filter((i) => i.section === 'Nodes').map((i) => [i.label, i.ok]), [['1/2 nodes ready', false], ['n2', false]]);
});

test('(unit) cluster health: a healthy cluster says so in every section', () => {
  const h = summarizeClusterHealth({ nodes: [inputs.nodes[0]!], pods: [], events: [], workloads: [], replicaSets: [] }, now);
  assert.ok(healthItems(h).every((i) => i.ok));
  assert.deepEqual(healthItems(h).map((i) => i.label), ['1/1 nodes ready', 'every pod is running or completed', 'no container has restarted', 'no warning events', 'no Deployments, StatefulSets or DaemonSets']);
});

test('(unit) cluster health: usage lines list each node and the top pods by CPU, or the note when no metrics are served', () => {
  const m = { source: 'kubelet-summary' as const, time: '', nodes: [{ name: 'n1', cpuMillicores: 1250, memoryBytes: 3 * 2 ** 30 }], pods: [1, 50, 7].map((c, i) => ({ namespace: 'a', name: `p${i}`, cpuMillicores: c, memoryBytes: 2 ** 20, containers: [] })) };
  assert.deepEqual(usageItems(m, 2).map((i) => [i.label, i.description]), [
    ['node n1', 'CPU 1.3 cores · memory 3.0 GiB (kubelet Summary)'],
    ['a/Pod/p1', 'CPU 50m · memory 1.0 MiB'],
    ['a/Pod/p2', 'CPU 7m · memory 1.0 MiB'],
  ]);
  const none = usageItems({ source: 'none', time: '', nodes: [], pods: [], note: 'No metrics: install metrics-server' });
  assert.deepEqual(none.map((i) => [i.label, i.detail]), [['no metrics', 'No metrics: install metrics-server']]);
});
