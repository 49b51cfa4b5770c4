// (unit) Which Resources target a tree row opens: Node, workload and namespace rows of the Clusters tree,
// container rows (with the multi-selection) and compose projects of the Containers tree; others none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourcesTargetOf } from '../../../../../src/core/observability/metrics/index.js';

const kind = (k: string) => ({ kind: k, group: '', version: 'v1', plural: `${k.toLowerCase()}s`, namespaced: k !== 'Node' });
const resource = (k: string, name: string, namespace?: string) => ({ type: 'resource', id: name, context: 'dev', kind: kind(k), object: { apiVersion: 'v1', kind: k, metadata: { name, namespace } }, allowed: [] });
const container = (id: string, name: string) => ({ id: `container:${id}`, label: name, contextValue: 'ansflow.container.running', data: { kind: 'container', id, name, image: 'busybox', state: 'running' } });

test('(unit) resources target of Clusters rows: a node, a workload, a namespace; a pod, a Service or All namespaces have none', () => {
  assert.deepEqual(resourcesTargetOf(resource('Node', 'n1')), { kind: 'node', context: 'dev', node: 'n1' });
  assert.deepEqual(resourcesTargetOf(resource('Deployment', 'web', 'shop')), { kind: 'workload', context: 'dev', namespace: 'shop', workloadKind: 'Deployment', name: 'web' });
  assert.deepEqual(resourcesTargetOf({ type: 'namespace', id: 'ns', context: 'dev', namespace: 'shop' }), { kind: 'namespace', context: 'dev', namespace: 'shop' });
  assert.equal(resourcesTargetOf({ type: 'namespace', id: 'all', context: 'dev' }), undefined);
  assert.equal(resourcesTargetOf(resource('Service', 'web', 'shop')), undefined);
  assert.equal(resourcesTargetOf(undefined), undefined);
});

test('(unit) resources target of Containers rows: one container, the selection of several, a compose project', () => {
  const a = container('aaa', 'web');
  const b = container('bbb', 'db');
  assert.deepEqual(resourcesTargetOf(a), { kind: 'containers', containers: [{ id: 'aaa', name: 'web' }] });
  assert.deepEqual(resourcesTargetOf(a, [a, b]), { kind: 'containers', containers: [{ id: 'aaa', name: 'web' }, { id: 'bbb', name: 'db' }] });
  const project = { id: 'project:shop', label: 'shop', contextValue: 'ansflow.composeProject', data: { kind: 'project', project: 'shop', containerIds: ['aaa', 'bbb'] }, children: [a, b] };
  assert.deepEqual(resourcesTargetOf(project), { kind: 'containers', containers: [{ id: 'aaa', name: 'web' }, { id: 'bbb', name: 'db' }], project: 'shop' });
  assert.equal(resourcesTargetOf({ id: 'image', data: { kind: 'image' } }), undefined);
});
