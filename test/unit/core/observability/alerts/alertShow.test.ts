import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertShowCommand } from '../../../../../src/core/observability/alerts/index.js';
import type { ResourceNode } from '../../../../../src/core/views/clusters/nodes.js';

test('(unit) alerts: "Show" describes a pod or node, inspects a container, opens a run log or a release manifest', () => {
  const pod = alertShowCommand({ type: 'pod', context: 'kind', namespace: 'web', name: 'api-1' });
  assert.equal(pod.command, 'kubeDescribe');
  const n = pod.args[0] as ResourceNode;
  assert.deepEqual([n.type, n.context, n.kind.plural, n.object.kind, n.object.metadata.name, n.object.metadata.namespace], ['resource', 'kind', 'pods', 'Pod', 'api-1', 'web']);
  assert.ok(n.allowed.includes('describe'), JSON.stringify(n.allowed));
  const node = alertShowCommand({ type: 'node', context: 'kind', name: 'n1' });
  assert.equal((node.args[0] as ResourceNode).object.kind, 'Node');
  assert.deepEqual(alertShowCommand({ type: 'container', id: 'abc', name: 'db' }), { command: 'dockerInspect', args: ['abc'] });
  assert.deepEqual(alertShowCommand({ type: 'run', runId: 'r1', pipeline: 'p' }), { command: 'showRunLog', args: ['r1'] });
  assert.deepEqual(alertShowCommand({ type: 'helm', context: 'kind', namespace: 'web', name: 'shop', revision: 4 }), {
    command: 'helmShowManifest',
    args: [{ kind: 'revision', context: 'kind', namespace: 'web', name: 'shop', release: { revision: 4 } }],
  });
});
