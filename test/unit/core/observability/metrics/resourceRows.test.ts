// (unit) Resources rows: from a Kubernetes reading (nodes, pods and their containers, filtered) and from
// Docker stats (CPU % → millicores), sorting by name, CPU or memory, and the top-N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerRows, fromKubeletSummaries, kubeRows, sortRows, topRows } from '../../../../../src/core/observability/metrics/index.js';

const metrics = fromKubeletSummaries([
  {
    node: { nodeName: 'n1', cpu: { usageNanoCores: 900e6 }, memory: { workingSetBytes: 4e9 } },
    pods: [
      { podRef: { name: 'web-1', namespace: 'shop' }, containers: [{ name: 'app', cpu: { usageNanoCores: 200e6 }, memory: { workingSetBytes: 30e6 } }, { name: 'proxy', cpu: { usageNanoCores: 10e6 }, memory: { workingSetBytes: 90e6 } }] },
      { podRef: { name: 'db-0', namespace: 'shop' }, containers: [{ name: 'pg', cpu: { usageNanoCores: 50e6 }, memory: { workingSetBytes: 500e6 } }] },
      { podRef: { name: 'dns', namespace: 'kube-system' }, containers: [{ name: 'dns', cpu: { usageNanoCores: 5e6 }, memory: { workingSetBytes: 20e6 } }] },
    ],
  },
  { node: { nodeName: 'n2', cpu: { usageNanoCores: 100e6 }, memory: { workingSetBytes: 1e9 } } },
], undefined, '2026-12-01T10:00:00Z');

test('(unit) kube rows: nodes, pods and their containers with stable keys; filtered by node names and pod set', () => {
  const all = kubeRows(metrics);
  assert.deepEqual(all.map((r) => r.key), ['node:n1', 'node:n2', 'pod:shop/web-1', 'container:shop/web-1/app', 'container:shop/web-1/proxy', 'pod:shop/db-0', 'container:shop/db-0/pg', 'pod:kube-system/dns', 'container:kube-system/dns/dns']);
  const web = all.find((r) => r.key === 'pod:shop/web-1')!;
  assert.equal(web.cpuMillicores, 210);
  assert.equal(all.find((r) => r.key === 'container:shop/web-1/proxy')!.pod, 'web-1');
  const some = kubeRows(metrics, { nodes: ['n2'], pods: new Set(['shop/db-0']) });
  assert.deepEqual(some.map((r) => r.key), ['node:n2', 'pod:shop/db-0', 'container:shop/db-0/pg']);
  assert.deepEqual(kubeRows(metrics, { nodes: [] }).filter((r) => r.kind === 'node'), []);
});

test('(unit) docker rows: CPU percent of one core as millicores, names from the map, failed readings left out', () => {
  const sample = { time: '', cpuPercent: 25, memoryBytes: 1024, memoryLimitBytes: 0, memoryPercent: 0, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0, pids: 1 };
  const rows = dockerRows([{ id: 'abc', sample }, { id: 'def', error: 'the container is not running' }], new Map([['abc', 'web']]));
  assert.deepEqual(rows, [{ key: 'docker:abc', kind: 'container', name: 'web', cpuMillicores: 250, memoryBytes: 1024 }]);
});

test('(unit) sorting by CPU, memory or name in either direction; top-N among pods, or containers when there are none', () => {
  const pods = kubeRows(metrics).filter((r) => r.kind === 'pod');
  assert.deepEqual(sortRows(pods, 'cpu', 'desc').map((r) => r.name), ['web-1', 'db-0', 'dns']);
  assert.deepEqual(sortRows(pods, 'cpu', 'asc').map((r) => r.name), ['dns', 'db-0', 'web-1']);
  assert.deepEqual(sortRows(pods, 'memory', 'desc').map((r) => r.name), ['db-0', 'web-1', 'dns']);
  assert.deepEqual(sortRows(pods, 'name', 'asc').map((r) => r.name), ['dns', 'db-0', 'web-1'], 'namespace first: kube-system < shop');
  assert.deepEqual(sortRows(pods, 'name', 'desc').map((r) => r.name), ['web-1', 'db-0', 'dns']);
  assert.deepEqual(topRows(kubeRows(metrics), 'memory', 2).map((r) => r.key), ['pod:shop/db-0', 'pod:shop/web-1']);
  const containers = kubeRows(metrics).filter((r) => r.kind === 'container');
  assert.deepEqual(topRows(containers, 'cpu', 1).map((r) => r.key), ['container:shop/web-1/app']);
});
