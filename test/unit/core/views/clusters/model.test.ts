// (unit) The pure parts of the Clusters tree: grouping, custom-resource selection from discovery,
// namespace filter, selector matching, actions and their RBAC questions, context selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRaw, parseFieldConflicts, requireKind, toApplyObject, type ResourceKind } from '../../../../../src/core/clients/kubernetes/index.js';
import { kindLabel, kindsOfGroup, customKinds } from '../../../../../src/core/views/clusters/groups.js';
import { matchesSelector, namespaceMatches, sortObjects } from '../../../../../src/core/views/clusters/relations.js';
import { actionsFor, contextValueOf, permissionFor } from '../../../../../src/core/views/clusters/actions.js';
import { listContexts, resolveSelection } from '../../../../../src/core/views/clusters/contexts.js';
import type { ResourceNode } from '../../../../../src/core/views/clusters/nodes.js';

const kind = (k: string, group: string, version: string, plural: string, namespaced = true, verbs = ['list', 'watch', 'get']): ResourceKind => ({ kind: k, group, version, plural, namespaced, verbs });

test('(unit) Workloads lists the seven workload kinds in order; CronJob takes the version discovery serves', () => {
  assert.deepEqual(kindsOfGroup('workloads', undefined).map(kindLabel), ['Deployments', 'StatefulSets', 'DaemonSets', 'ReplicaSets', 'Jobs', 'CronJobs', 'Pods']);
  assert.equal(kindsOfGroup('workloads', undefined).find((k) => k.kind === 'CronJob')!.version, 'v1beta1');
  const discovered = [kind('CronJob', 'batch', 'v1beta1', 'cronjobs'), kind('CronJob', 'batch', 'v1', 'cronjobs')];
  assert.equal(kindsOfGroup('workloads', discovered).find((k) => k.kind === 'CronJob')!.version, 'v1');
  assert.deepEqual(kindsOfGroup('network', undefined).map(kindLabel), ['Services', 'Ingresses']);
  assert.deepEqual(kindsOfGroup('storage', undefined).map(kindLabel), ['PersistentVolumeClaims']);
});

test('(unit) Custom Resources holds namespaced kinds from non-Kubernetes API groups that can be watched', () => {
  const discovered = [
    kind('Deployment', 'apps', 'v1', 'deployments'),
    kind('Ingress', 'networking.k8s.io', 'v1', 'ingresses'),
    kind('Widget', 'example.com', 'v1', 'widgets'),
    kind('Cluster', 'cluster.x-k8s.io', 'v1beta1', 'clusters'),
    kind('Global', 'example.com', 'v1', 'globals', false),
    kind('ListOnly', 'example.com', 'v1', 'listonlies', true, ['list']),
  ];
  assert.deepEqual(customKinds(discovered).map((k) => k.kind), ['Cluster', 'Widget']);
});

test('(unit) label selectors: matchLabels and every matchExpressions operator; an empty selector matches nothing', () => {
  const labels = { app: 'web', tier: 'front' };
  assert.ok(matchesSelector({ matchLabels: { app: 'web' } }, labels));
  assert.ok(!matchesSelector({ matchLabels: { app: 'db' } }, labels));
  assert.ok(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels));
  assert.ok(!matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels));
  assert.ok(matchesSelector({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }, { key: 'app', operator: 'Exists' }] }, labels));
  assert.ok(!matchesSelector({}, labels));
  assert.ok(!matchesSelector(undefined, labels));
});

test('(unit) namespace filter: comma-separated parts and globs; rows sort naturally', () => {
  assert.ok(namespaceMatches('', 'anything'));
  assert.ok(namespaceMatches('team-*, kube', 'team-a'));
  assert.ok(namespaceMatches('team-*, kube', 'kube-system'));
  assert.ok(!namespaceMatches('team-*', 'my-team-a'));
  const names = sortObjects(['pod-10', 'pod-2', 'pod-1'].map((name) => ({ kind: 'Pod', metadata: { name, namespace: 'n' } }))).map((o) => o.metadata.name);
  assert.deepEqual(names, ['pod-1', 'pod-2', 'pod-10']);
});

test('(unit) actions per kind, the RBAC question each needs, and the contextValue menus match on', () => {
  const row = (k: string): ResourceNode => ({ type: 'resource', id: 'x', context: 'c', kind: requireKind(k), object: { kind: k, metadata: { name: 'x', namespace: 'n' } }, allowed: [] });
  assert.deepEqual(actionsFor(row('Deployment')), ['describe', 'yaml', 'copyName', 'edit', 'delete', 'scale', 'restart', 'undo']);
  assert.deepEqual(actionsFor(row('Pod')), ['describe', 'yaml', 'copyName', 'edit', 'delete', 'logs', 'exec', 'portForward']);
  assert.deepEqual(actionsFor(row('Event')), ['describe', 'yaml', 'copyName']);
  assert.deepEqual(permissionFor('scale', requireKind('Deployment'), 'n'), { verb: 'patch', kind: requireKind('Deployment'), namespace: 'n', subresource: 'scale' });
  assert.deepEqual(permissionFor('exec', requireKind('Pod'), 'n'), { verb: 'create', kind: { group: '', plural: 'pods' }, namespace: 'n', subresource: 'exec' });
  assert.equal(permissionFor('describe', requireKind('Pod'), 'n'), undefined);
  assert.equal(contextValueOf(row('Deployment'), ['describe', 'scale']), 'ansflow.kube.resource;Deployment;describe;scale;');
  assert.ok(!/;delete;/.test(contextValueOf(row('Deployment'), ['describe', 'scale'])), 'a denied action is not in the contextValue');
});

const raw = {
  clusters: [{ name: 'a', cluster: { server: 'https://a.example:6443' } }, { name: 'b', cluster: { server: 'https://b.example' } }],
  users: [{ name: 'u', user: { token: 't' } }],
  contexts: [{ name: 'dev', context: { cluster: 'a', user: 'u', namespace: 'team' } }, { name: 'prod', context: { cluster: 'b', user: 'u' } }],
  'current-context': 'prod',
};

test('(unit) contexts: current-context marked; the selection starts there and falls back when its context is gone', () => {
  const contexts = listContexts(fromRaw(raw, []));
  assert.deepEqual(contexts.map((c) => [c.name, c.current, c.server, c.namespace]), [['dev', false, 'https://a.example:6443', 'team'], ['prod', true, 'https://b.example', '']]);
  assert.deepEqual(resolveSelection(contexts, {}), { context: 'prod', namespace: 'default' });
  assert.deepEqual(resolveSelection(contexts, { context: 'dev' }), { context: 'dev', namespace: 'team' });
  assert.deepEqual(resolveSelection(contexts, { context: 'dev', namespace: 'other' }), { context: 'dev', namespace: 'other' });
  assert.deepEqual(resolveSelection(contexts, { context: 'gone', namespace: 'x' }), { context: 'prod', namespace: 'default' });
  assert.deepEqual(resolveSelection([], {}), { context: undefined, namespace: 'default' });
});

test('(unit) field-manager conflicts are read from both apiserver message forms; edited YAML loses server bookkeeping', () => {
  assert.deepEqual(parseFieldConflicts('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas'), [{ manager: 'kubectl-client-side-apply', field: '.spec.replicas' }]);
  assert.deepEqual(parseFieldConflicts('Apply failed with 2 conflicts: conflicts with "helm" using v1:\n- .data.a\n- .data.b'), [{ manager: 'helm', field: '.data.a' }, { manager: 'helm', field: '.data.b' }]);
  assert.deepEqual(parseFieldConflicts('the object has been modified'), []);
  const o = toApplyObject({ kind: 'ConfigMap', metadata: { name: 'x', resourceVersion: '5', uid: 'u', managedFields: [], labels: { a: 'b' } }, status: { x: 1 } });
  assert.deepEqual(o, { kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 'b' } } });
});

test('(unit) the Pod Logs… form: kubectl-style --since and --tail, follow with previous refused', async () => {
  const { parseSince, parseTail, logOptionsFrom } = await import('../../../../../src/core/views/clusters/logOptions.js');
  assert.equal(parseSince('90s'), 90);
  assert.equal(parseSince('1h30m'), 5400);
  assert.equal(parseSince('2d'), 172800);
  assert.equal(parseSince(''), undefined);
  assert.deepEqual(parseSince('10 minutes'), { error: 'A duration like 30s, 10m, 2h or 1h30m' });
  assert.deepEqual(parseSince('0s'), { error: 'The duration must be more than 0' });
  assert.equal(parseTail('200'), 200);
  assert.equal(parseTail('all'), undefined);
  assert.deepEqual(parseTail('-5'), { error: 'A number of lines, or empty for all' });
  assert.deepEqual(logOptionsFrom({ follow: true, previous: false, tail: '50', since: '10m' }), { follow: true, previous: undefined, tailLines: 50, sinceSeconds: 600 });
  assert.deepEqual(logOptionsFrom({ follow: true, previous: true, tail: '', since: '' }), { error: 'The previous container has stopped: its log cannot be followed' });
});
