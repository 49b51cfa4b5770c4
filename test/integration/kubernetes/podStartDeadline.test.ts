// (integration) The kubernetes executor's start deadline on the test kubelet: a step whose pod cannot
// start fails with the pod's own one-line reason, and nothing of it stays in the namespace. The test
// node has no registry access, so a registry image cannot be pulled; a LimitRange whose default CPU
// request no node can give makes pods unschedulable in this namespace only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { KubeClient, deleteResource, listResources } from '../../../src/core/clients/kubernetes/index.js';
import { KubernetesExecutor } from '../../../src/core/runner/executors/KubernetesExecutor.js';
import { fakeStepContext } from './fakeStepContext.js';
import { TEST_BUSYBOX_IMAGE } from '../../helpers/kubePods.mjs';

async function namespace(kube: KubeClient, prefix: string, objects: object[] = []): Promise<string> {
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  for (const o of objects) await kube.request('POST', `/api/v1/namespaces/${ns}/${(o as { kind: string }).kind.toLowerCase()}s`, { body: o });
  // Pods are refused until the controller-manager made the namespace's default service account.
  for (let i = 0; i < 200; i++) {
    if ((await listResources(kube, 'serviceaccounts', { namespace: ns })).items.some((s) => s.metadata.name === 'default')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ns;
}

async function leftovers(kube: KubeClient, ns: string): Promise<string[]> {
  const jobs = await listResources(kube, 'jobs', { namespace: ns });
  const pods = await listResources(kube, 'pods', { namespace: ns });
  return [...jobs.items, ...pods.items].filter((o) => !o.metadata.deletionTimestamp).map((o) => o.metadata.name);
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kpsd-'));
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  return dir;
}

test('(integration) kubernetes executor: an image that cannot be pulled fails the step with the image and the reason; the pod is deleted', { timeout: 120_000 }, async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load();
  const ns = await namespace(kube, 'kpsd-img');
  try {
    const image = 'registry.invalid/ansflow/not-there:1';
    const exec = new KubernetesExecutor({ image, namespace: ns });
    const dir = workspace();
    const { ctx } = fakeStepContext({}, { workspace: dir, cwd: dir });
    await assert.rejects(exec.run({ command: 'sh', args: ['-c', 'echo never'] }, ctx), (e: Error) => {
      assert.match(e.message, /^image pull failed for registry\.invalid\/ansflow\/not-there:1: (ErrImagePull|ImagePullBackOff)\b/);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
    assert.deepEqual(await leftovers(kube, ns), []);
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) kubernetes executor: an unschedulable pod fails the step at the start timeout with the scheduler\'s reason; Job and pod are deleted', { timeout: 120_000 }, async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load();
  const tooBig = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'too-big' }, spec: { limits: [{ type: 'Container', default: { cpu: '1000' }, defaultRequest: { cpu: '1000' } }] } };
  const ns = await namespace(kube, 'kpsd-sched', [tooBig]);
  try {
    const exec = new KubernetesExecutor({ image: TEST_BUSYBOX_IMAGE, namespace: ns, startTimeoutMs: 3000 });
    const dir = workspace();
    const { ctx, out } = fakeStepContext({}, { workspace: dir, cwd: dir });
    await assert.rejects(exec.run({ command: 'sh', args: ['-c', 'echo never'] }, ctx), (e: Error) => {
      assert.match(e.message, /^pod did not start within 3s: pod not scheduled: 0\/\d+ nodes are available: .*Insufficient cpu/, out.logs.join(''));
      return true;
    });
    assert.deepEqual(await leftovers(kube, ns), []);
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) kubernetes executor: a Job that can create no pod (quota) fails at the start timeout with the Job\'s event', { timeout: 120_000 }, async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load();
  const noPods = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-pods' }, spec: { hard: { pods: '0' } } };
  const ns = await namespace(kube, 'kpsd-quota', [noPods]);
  try {
    const exec = new KubernetesExecutor({ image: TEST_BUSYBOX_IMAGE, namespace: ns, startTimeoutMs: 3000 });
    const dir = workspace();
    const { ctx, out } = fakeStepContext({}, { workspace: dir, cwd: dir });
    await assert.rejects(exec.run({ command: 'sh', args: ['-c', 'echo never'] }, ctx), (e: Error) => {
      assert.match(e.message, /^pod did not start within 3s: no pod was created: FailedCreate: .*exceeded quota/, out.logs.join(''));
      return true;
    });
    assert.deepEqual(await leftovers(kube, ns), []);
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});
