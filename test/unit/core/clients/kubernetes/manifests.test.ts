import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJob, buildRunScript, describeResource, jobName, parseManifests, rolloutStatusOf, sortForApply, findKind, collectionPath, objectPath } from '../../../../../src/core/clients/kubernetes/index.js';

test('(unit) parseManifests: multi-document, List expansion, empty documents skipped, errors carry file:line', () => {
  const docs = parseManifests('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n', 'm.yaml');
  assert.deepEqual(docs.map((d) => `${d.object.kind}/${d.object.metadata.name}`), ['ConfigMap/a', 'Secret/s']);
  assert.throws(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [\n', 'bad.yaml'), /bad\.yaml:\d+/);
  assert.throws(() => parseManifests('kind: ConfigMap\nmetadata: {name: a}\n', 'x.yaml'), /x\.yaml:1: a manifest needs apiVersion and kind/);
});

test('(unit) sortForApply puts namespaces and CRDs first and keeps file order otherwise', () => {
  const docs = parseManifests('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
  assert.deepEqual(sortForApply(docs).map((d) => d.object.kind), ['Namespace', 'ConfigMap', 'Deployment']);
});

test('(unit) REST paths for core, grouped and cluster-scoped kinds', () => {
  assert.equal(collectionPath(findKind('po')!, 'web'), '/api/v1/namespaces/web/pods');
  assert.equal(collectionPath(findKind('deploy')!), '/apis/apps/v1/deployments');
  assert.equal(objectPath(findKind('Deployment')!, 'api', 'web', 'scale'), '/apis/apps/v1/namespaces/web/deployments/api/scale');
  assert.equal(objectPath(findKind('nodes')!, 'n1', 'ignored'), '/api/v1/nodes/n1');
  assert.equal(findKind('Widget', [], 'example.com/v1'), undefined);
});

test('(unit) rolloutStatusOf follows kubectl: waiting messages, progress deadline, done with revision', () => {
  const dep = (spec: Record<string, unknown>, status: Record<string, unknown>, gen = 2) => ({ kind: 'Deployment', metadata: { name: 'api', generation: gen, annotations: { 'deployment.kubernetes.io/revision': '4' } }, spec, status });
  assert.match(rolloutStatusOf(dep({ replicas: 3 }, { observedGeneration: 1 })).message, /spec update to be observed/);
  assert.match(rolloutStatusOf(dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 })).message, /1 out of 3 new replicas have been updated/);
  assert.match(rolloutStatusOf(dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).message, /1 old replicas are pending termination/);
  assert.match(rolloutStatusOf(dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message, /2 of 3 updated replicas are available/);
  const done = rolloutStatusOf(dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }));
  assert.deepEqual([done.done, done.revision], [true, '4']);
  assert.ok(rolloutStatusOf(dep({}, { observedGeneration: 2, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] })).failed);
  assert.throws(() => rolloutStatusOf({ kind: 'Pod', metadata: { name: 'p' } }));
});

test('(unit) describeResource summarizes pods without leaking secret values', () => {
  const pod = describeResource({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] }, status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 2, state: { running: {} } }] } });
  assert.equal(pod.status, 'Running');
  assert.equal(pod.healthy, true);
  assert.ok(pod.details.some(([k, v]) => k === 'Restarts' && v === '2'));
  const sec = describeResource({ kind: 'Secret', metadata: { name: 's' }, data: { password: 'c2VjcmV0' } });
  assert.ok(!JSON.stringify(sec).includes('c2VjcmV0'));
});

test('(unit) Job building: DNS-1123 names, env only via Secret, script via ConfigMap, POSIX quoting', () => {
  const n = jobName('AnsFlow_Build Step!!');
  assert.match(n, /^ansflow-build-step-[0-9a-f]{8}$/);
  const job = buildJob({ namespace: 'ci', name: 'x', image: 'busybox', command: ['/bin/sh', '/ansflow/run.sh'], env: { A: '1' } }, n, `${n}-env`, `${n}-files`);
  const c = (job.spec as any).template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(c.env, undefined);
  assert.deepEqual(c.envFrom, [{ secretRef: { name: `${n}-env` } }]);
  assert.equal((job.spec as { backoffLimit: number }).backoffLimit, 0);
  const script = buildRunScript('printf', ["it's", '$HOME'], true, '/w');
  assert.ok(script.includes(`exec 'printf' 'it'\\''s' '$HOME' < /ansflow/stdin`), script);
  assert.ok(script.includes(`cd '/w' || exit 1`));
  assert.match(buildRunScript('bash', ['-c', 'x'], false), /command -v bash/);
});
