// (unit) The Clusters tree's wording, health and order over API objects recorded from the real
// apiserver + kubelet (fixtures/record.ts): a 2-replica Deployment, a crash-looping pod, a
// completed Job, a Service, a ConfigMap, a Secret, a pending PVC and their events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireKind, type KubeObject } from '../../../../../src/core/clients/kubernetes/index.js';
import { describeObject, present } from '../../../../../src/core/views/clusters/present.js';
import { podsOf, sortObjects } from '../../../../../src/core/views/clusters/relations.js';
import type { ContainerNode, ResourceNode } from '../../../../../src/core/views/clusters/nodes.js';

const rec = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'recorded.json'), 'utf8')) as Record<string, KubeObject[]>;
const KINDS: Record<string, string> = { deployments: 'Deployment', replicasets: 'ReplicaSet', pods: 'Pod', jobs: 'Job', services: 'Service', configmaps: 'ConfigMap', secrets: 'Secret', persistentvolumeclaims: 'PersistentVolumeClaim', events: 'Event', namespaces: 'Namespace', nodes: 'Node' };
// List items carry no kind; the model stamps it the same way.
for (const [plural, kind] of Object.entries(KINDS)) for (const o of rec[plural] ?? []) o.kind ??= kind;
const recordedAt = Date.parse(String(rec.recordedAt![0]));
const one = (plural: string, pred: (o: KubeObject) => boolean = () => true) => rec[plural]!.find(pred)!;
const node = (o: KubeObject): ResourceNode => ({ type: 'resource', id: o.metadata.name, context: 'c', kind: requireKind(o.kind!), object: o, allowed: [] });

test('(unit) a ready Deployment reads "2/2 ready · <age>" and is healthy', () => {
  const d = describeObject(one('deployments'), recordedAt + 60_000);
  assert.match(d.description, /^2\/2 ready · \d+[smh]$/);
  assert.equal(d.health, 'ok');
  assert.match(d.tooltip, /^Deployment rec\/web\n/);
});

test('(unit) a running pod shows phase, ready count and age; a crash-looping one its restarts, in red', () => {
  const web = describeObject(one('pods', (p) => p.metadata.name.startsWith('web-')), recordedAt);
  assert.match(web.description, /^Running · 1\/1 · \d+[sm]$/);
  assert.equal(web.health, 'ok');
  const crash = one('pods', (p) => p.metadata.name === 'crash');
  const d = describeObject(crash, recordedAt);
  assert.match(d.description, /^(CrashLoopBackOff|Error) · 0\/1 · \d+ restarts? · \d+[sm]$/);
  assert.equal(d.health, 'error');
});

test('(unit) a completed Job reads "Complete · 1/1"; a pending PVC is shown as in progress', () => {
  assert.match(describeObject(one('jobs'), recordedAt).description, /^Complete · 1\/1 · /);
  assert.equal(describeObject(one('jobs'), recordedAt).health, 'ok');
  const pvc = describeObject(one('persistentvolumeclaims'), recordedAt);
  assert.match(pvc.description, /^Pending · /);
  assert.equal(pvc.health, 'progress');
});

test('(unit) a Secret row and tooltip name its keys, never its values', () => {
  const d = describeObject(one('secrets', (s) => s.metadata.name === 'token'), recordedAt);
  assert.match(d.description, /^1 keys/);
  assert.match(d.tooltip, /Keys: password/);
  assert.ok(!d.tooltip.includes('not-shown') && !d.tooltip.includes(Buffer.from('not-shown').toString('base64')));
});

test('(unit) events list newest first and are labelled object: reason; warnings are yellow', () => {
  const events = sortObjects([...rec.events!]);
  const times = events.map((e) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp));
  assert.deepEqual(times, [...times].sort().reverse());
  const warning = events.find((e) => e.type === 'Warning' && (e.involvedObject as { name: string }).name === 'crash')!;
  const p = present(node(warning), recordedAt);
  assert.equal(p.label, 'Pod/crash: MissingClusterDNS');
  assert.equal(p.health, 'warning');
  assert.match(p.description, /^Warning/);
});

test('(unit) a Deployment expands to exactly its own pods (selector), sorted naturally', () => {
  const pods = podsOf(one('deployments'), rec.pods!);
  assert.equal(pods.length, 2);
  assert.ok(pods.every((p) => p.metadata.name.startsWith('web-')));
  const job = podsOf(one('jobs'), rec.pods!);
  assert.deepEqual(job.map((p) => p.metadata.labels?.['job-name']), ['once']);
});

test('(unit) a container row gives state, readiness and restarts', () => {
  const crash = one('pods', (p) => p.metadata.name === 'crash');
  const c: ContainerNode = { type: 'container', id: 'x', context: 'c', pod: crash, name: 'main', init: false, allowed: [] };
  const p = present(c, recordedAt);
  assert.match(p.description, /^(waiting \(CrashLoopBackOff\)|terminated \(Error\)) · \d+ restarts?$/);
  assert.equal(p.health, 'error');
  const web = one('pods', (x) => x.metadata.name.startsWith('web-'));
  const w = present({ ...c, pod: web }, recordedAt);
  assert.equal(w.description, 'running · ready');
  assert.match(w.tooltip, /Ports: 8080\/TCP/);
});

test('(unit) the node of the test cluster is Ready and green', () => {
  const n = describeObject(one('nodes'), recordedAt);
  assert.match(n.description, /^Ready · /);
  assert.equal(n.health, 'ok');
});
