// (unit) The tree rows that Show Merged Logs and Show Resources both read: workload rows of the Clusters
// tree, and container rows (with the view's multi-selection) or compose projects of the Containers tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerRowsOf, workloadRowOf } from '../../../../src/core/views/rowTargets.js';

const kind = (k: string) => ({ kind: k, group: 'apps', version: 'v1', plural: `${k.toLowerCase()}s`, namespaced: true });
const resource = (k: string, name: string, namespace?: string) => ({ type: 'resource', id: name, context: 'dev', kind: kind(k), object: { apiVersion: 'apps/v1', kind: k, metadata: { name, namespace } }, allowed: [] });
const container = (id: string, name: string) => ({ id: `container:${id}`, label: name, data: { kind: 'container', id, name, image: 'busybox', state: 'running' } });

test('(unit) workload rows: namespaced Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs; nothing else', () => {
  assert.deepEqual(workloadRowOf(resource('StatefulSet', 'db', 'shop')), { context: 'dev', namespace: 'shop', workloadKind: 'StatefulSet', name: 'db' });
  assert.deepEqual(workloadRowOf(resource('Job', 'migrate', 'shop'))?.workloadKind, 'Job');
  assert.equal(workloadRowOf(resource('Deployment', 'web')), undefined);
  assert.equal(workloadRowOf(resource('Pod', 'web-1', 'shop')), undefined);
  assert.equal(workloadRowOf({ type: 'namespace', id: 'ns', context: 'dev', namespace: 'shop' }), undefined);
  assert.equal(workloadRowOf(null), undefined);
});

test('(unit) container rows: the clicked row alone unless it is one of several selected; a project brings its containers', () => {
  const a = container('aaa', 'web');
  const b = container('bbb', 'db');
  assert.deepEqual(containerRowsOf(a), { containers: [{ id: 'aaa', name: 'web' }] });
  assert.deepEqual(containerRowsOf(a, [a]), { containers: [{ id: 'aaa', name: 'web' }] });
  assert.deepEqual(containerRowsOf(a, [a, b, { data: { kind: 'image' } }]), { containers: [{ id: 'aaa', name: 'web' }, { id: 'bbb', name: 'db' }] });
  const project = { id: 'project:shop', data: { kind: 'project', project: 'shop' }, children: [a, { id: 'x', data: { kind: 'network' } }, b] };
  assert.deepEqual(containerRowsOf(project), { containers: [{ id: 'aaa', name: 'web' }, { id: 'bbb', name: 'db' }], project: 'shop' });
  assert.equal(containerRowsOf(resource('Deployment', 'web', 'shop')), undefined);
});
