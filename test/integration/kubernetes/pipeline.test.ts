// (integration) Kubernetes steps and the kubernetes executor driven by the real runner from a pipeline file:
// `${{ }}` inside a manifest file is interpolated by the runner's expression context, outputs flow between
// steps, and a shell step runs in a pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { startPipelineFile } from './startPipelineFile.js';
import { KubeClient, deleteResource, getResource } from '../../../src/core/clients/kubernetes/index.js';
import { DISPOSABLE, TEST_BUSYBOX_IMAGE, deployment, manifestText } from '../../helpers/kubePods.mjs';

test('(integration) a pipeline applies a templated manifest, waits for the rollout, and runs a shell step on the kubernetes executor', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = `pipe-${randomBytes(3).toString('hex')}`;
  const image = TEST_BUSYBOX_IMAGE;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-pipe-'));
  writeFileSync(
    join(dir, 'app.yaml'),
    manifestText(deployment({ name: 'web' }, { replicas: 1, annotations: { greeting: '${{ params.greeting }}' }, ...DISPOSABLE, containers: [{ name: 'web', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] })),
  );
  const text = `version: 1
name: kube-pipeline
params:
  greeting: { type: string, default: hello }
steps:
  ns:
    type: kubernetes.apply
    with:
      manifest: { apiVersion: v1, kind: Namespace, metadata: { name: ${ns} } }
  apply:
    type: kubernetes.apply
    needs: [ns]
    with:
      manifests: [app.yaml]
      namespace: ${ns}
  rollout:
    type: kubernetes.rollout
    needs: [apply]
    with:
      resource: deployment/web
      namespace: ${ns}
      timeout: 2m
  in-pod:
    type: shell
    needs: [rollout]
    executor: { kind: kubernetes, image: ${image}, namespace: ${ns} }
    with:
      run: echo "revision \${{ steps.rollout.outputs.revision }} greeting $GREETING on $(hostname)"
    env:
      GREETING: \${{ params.greeting }}
`;
  const { done, logs } = startPipelineFile(dir, 'kube.ansflow.yaml', text, { greeting: 'bonjour' });
  const kube = KubeClient.load();
  try {
    const summary = await done;
    assert.equal(summary.status, 'success', logs.join(''));
    const dep = await getResource(kube, 'deployment', 'web', ns);
    assert.equal((dep.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations.greeting, 'bonjour');
    const podLine = logs.find((l) => l.startsWith('[in-pod] revision'));
    assert.match(podLine ?? logs.join(''), /^\[in-pod\] revision 1 greeting bonjour on ansflow-in-pod-[0-9a-f]{8}-\w+/);
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});
