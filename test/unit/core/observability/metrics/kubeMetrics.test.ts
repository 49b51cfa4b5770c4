// (unit) Metrics readers: quantities, metrics.k8s.io responses (written from the documented
// k8s.io/metrics v1beta1 format: metrics-server cannot run here) served by a loopback apiserver
// double, the fall back to the kubelet Summary through the node proxy, and the note when neither answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { KubeClient, fromRaw } from '../../../../../src/core/clients/kubernetes/index.js';
import { formatBytes, formatMillicores, parseQuantity, readKubeMetrics } from '../../../../../src/core/observability/metrics/index.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

async function apiserver(routes: Record<string, () => [number, unknown]>): Promise<{ kube: KubeClient; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url!.split('?')[0]!;
    paths.push(path);
    const route = routes[path];
    const [status, body] = route ? route() : [404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', message: 'the server could not find the requested resource', code: 404 }];
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kube = new KubeClient(fromRaw({ clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }], 'current-context': 'c' }, []));
  return { kube, paths, close: () => { kube.dispose(); return new Promise((r) => server.close(() => r())); } };
}

test('(unit) metrics: quantities in the suffixes the metrics APIs use', () => {
  assert.equal(parseQuantity('250m'), 0.25);
  assert.ok(Math.abs(parseQuantity('152340187n')! - 0.152340187) < 1e-12);
  assert.equal(parseQuantity('64Mi'), 64 * 2 ** 20);
  assert.equal(parseQuantity('83984Ki'), 83984 * 1024);
  assert.equal(parseQuantity('1G'), 1e9);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('12 apples'), undefined);
  assert.equal(formatBytes(83984 * 1024), '82 MiB');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatMillicores(152.3), '152m');
  assert.equal(formatMillicores(1250), '1.3 cores');
});

test('(unit) metrics: metrics.k8s.io is used when served (namespaced pods, nodes), summed per pod', async () => {
  const s = await apiserver({
    '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods': () => [200, fixture('metrics-pods.json')],
    '/apis/metrics.k8s.io/v1beta1/nodes': () => [200, fixture('metrics-nodes.json')],
  });
  try {
    const m = await readKubeMetrics(s.kube, { namespace: 'shop' });
    assert.equal(m.source, 'metrics.k8s.io');
    assert.equal(m.note, undefined);
    assert.deepEqual(m.nodes, [{ name: 'node-a', cpuMillicores: 1250, memoryBytes: 3521 * 2 ** 20 }]);
    const api = m.pods.find((p) => p.name === 'api-7d9c5b6f4-x2k8p')!;
    assert.equal(api.namespace, 'shop');
    assert.deepEqual(api.containers.map((c) => [c.name, Math.round(c.cpuMillicores * 1000) / 1000, c.memoryBytes]), [['api', 152.34, 83984 * 1024], ['envoy', 3, 24 * 2 ** 20]]);
    assert.equal(Math.round(api.cpuMillicores), 155);
    assert.equal(api.memoryBytes, 83984 * 1024 + 24 * 2 ** 20);
    assert.equal(m.pods.find((p) => p.name === 'db-0')!.cpuMillicores, 1000);
    assert.ok(!s.paths.some((p) => p.includes('/proxy/')), 'no Summary call when metrics.k8s.io answers');
  } finally {
    await s.close();
  }
});

test('(unit) metrics: without metrics.k8s.io every node’s Summary is read through the node proxy; a node that does not answer is named', async () => {
  const summary = { node: { nodeName: 'n1', cpu: { usageNanoCores: 2_500_000_000 }, memory: { workingSetBytes: 4096 } }, pods: [{ podRef: { name: 'web', namespace: 'a' }, containers: [{ name: 'c', cpu: { usageNanoCores: 5_000_000 }, memory: { workingSetBytes: 1000 } }] }, { podRef: { name: 'other', namespace: 'b' }, containers: [] }] };
  const s = await apiserver({
    '/api/v1/nodes': () => [200, { kind: 'NodeList', metadata: {}, items: [{ metadata: { name: 'n1' } }, { metadata: { name: 'n2' } }] }],
    '/api/v1/nodes/n1/proxy/stats/summary': () => [200, summary],
    '/api/v1/nodes/n2/proxy/stats/summary': () => [502, { kind: 'Status', message: 'error dialing backend: connection refused', code: 502 }],
  });
  try {
    const m = await readKubeMetrics(s.kube, { namespace: 'a' });
    assert.equal(m.source, 'kubelet-summary');
    assert.deepEqual(m.nodes, [{ name: 'n1', cpuMillicores: 2500, memoryBytes: 4096 }]);
    assert.deepEqual(m.pods, [{ namespace: 'a', name: 'web', cpuMillicores: 5, memoryBytes: 1000, containers: [{ name: 'c', cpuMillicores: 5, memoryBytes: 1000 }] }]);
    assert.match(m.note ?? '', /^Partial: no kubelet Summary from n2: .*connection refused/);
  } finally {
    await s.close();
  }
});

test('(unit) metrics: neither source answering gives source none with a note saying what to install', async () => {
  const s = await apiserver({
    '/api/v1/nodes': () => [200, { kind: 'NodeList', metadata: {}, items: [{ metadata: { name: 'n1' } }] }],
    '/api/v1/nodes/n1/proxy/stats/summary': () => [503, { kind: 'Status', message: 'no endpoints available', code: 503 }],
  });
  try {
    const m = await readKubeMetrics(s.kube);
    assert.equal(m.source, 'none');
    assert.deepEqual([m.nodes, m.pods], [[], []]);
    assert.match(m.note ?? '', /^No metrics: metrics\.k8s\.io is not served \(.*\) and no kubelet Summary answered \(n1: .*no endpoints available\)\. Install metrics-server/);
  } finally {
    await s.close();
  }
});
