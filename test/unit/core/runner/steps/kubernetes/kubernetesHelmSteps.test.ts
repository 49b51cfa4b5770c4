import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubernetesStepTypes } from '../../../../../../src/core/runner/steps/kubernetes/index.js';
import { helmStepTypes } from '../../../../../../src/core/runner/steps/helm/index.js';
import { createExecutor } from '../../../../../../src/core/runner/executors/index.js';
import { podEnvironment } from '../../../../../../src/core/runner/executors/KubernetesExecutor.js';
import { WithParams } from '../../../../../../src/core/runner/steps/WithParams.js';

/** Seconds of a duration as every step reads it (the one `with` reader). */
const seconds = (v: unknown): number | undefined => WithParams.check({ timeout: v }).seconds('timeout');

const byType = new Map([...kubernetesStepTypes, ...helmStepTypes].map((s) => [s.type, s]));

test('(unit) kubernetes and helm step types are registered with validate and describe', () => {
  assert.deepEqual([...byType.keys()].sort(), ['helm.install', 'helm.rollback', 'helm.uninstall', 'helm.upgrade', 'kubernetes.apply', 'kubernetes.delete', 'kubernetes.job', 'kubernetes.rollout']);
  for (const s of byType.values()) assert.ok(s.validate && s.describe && s.dryRun, s.type);
});

test('(unit) step parameter checks report the key at fault', () => {
  const keys = (type: string, w: Record<string, unknown>) => byType.get(type)!.validate!(w).map((p) => p.key);
  assert.deepEqual(keys('kubernetes.apply', {}), ['manifests']);
  assert.deepEqual(keys('kubernetes.apply', { manifests: 'k8s/', timeout: 'soon' }), ['timeout']);
  assert.deepEqual(keys('kubernetes.rollout', {}), ['resource']);
  assert.deepEqual(keys('kubernetes.rollout', { resource: 'statefulset/db', action: 'undo' }), ['action']);
  assert.deepEqual(keys('kubernetes.rollout', { resource: 'deploy/web', action: 'undo' }), []);
  assert.deepEqual(keys('kubernetes.delete', { selector: 'a=b' }), ['kind']);
  assert.deepEqual(keys('kubernetes.job', { script: 'x', command: ['y'] }), ['image', 'script']);
  assert.deepEqual(keys('helm.upgrade', { chart: './c' }), ['release']);
  assert.deepEqual(keys('helm.rollback', {}), ['release']);
});

test('(unit) describe lines read like the equivalent CLI call', () => {
  assert.equal(byType.get('kubernetes.apply')!.describe!({ manifests: ['k8s/'], namespace: 'web' }), 'kubectl apply --server-side -f k8s/ -n web');
  assert.equal(byType.get('kubernetes.rollout')!.describe!({ resource: 'deployment/api', action: 'restart' }), 'kubectl rollout restart deployment/api');
  assert.equal(byType.get('helm.upgrade')!.describe!({ release: 'web', chart: './chart', installIfMissing: true }), 'helm upgrade --install web ./chart');
});

test('(unit) the executor factory builds the kubernetes executor and rejects a spec without image', () => {
  const ok = createExecutor({ kind: 'kubernetes', image: 'busybox:1.36', namespace: 'ci' }, { workspace: '/w' });
  assert.ok(ok.ok && ok.value.kind === 'kubernetes');
  const bad = createExecutor({ kind: 'kubernetes', image: '' }, { workspace: '/w' });
  assert.ok(!bad.ok && bad.error.code === 'invalid-input');
});

test('(unit) pod environment drops host-only variables and adds secrets', () => {
  assert.deepEqual(podEnvironment({ PATH: '/usr/bin', HOME: '/root', STAGE: 'prod', KUBECONFIG: '/k', ANSFLOW_RUN_ID: 'r1' }, { TOKEN: 't' }), { STAGE: 'prod', ANSFLOW_RUN_ID: 'r1', TOKEN: 't' });
  assert.deepEqual([seconds('90s'), seconds('5m'), seconds(30), seconds('1h'), seconds('soon')], [90, 300, 30, 3600, undefined]);
});
