// (integration) The kubernetes executor with the workspace, on the test kubelet: a pod step reads a
// shipped workspace file (an `.ansflowignore`d one stays behind), writes an artifact and an output,
// and a following local step reads both from the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { startPipelineFile } from './startPipelineFile.js';
import { KubeClient, deleteResource, listResources } from '../../../src/core/clients/kubernetes/index.js';
import { KubernetesExecutor } from '../../../src/core/runner/executors/KubernetesExecutor.js';
import { fakeStepContext } from './fakeStepContext.js';
import { TEST_BUSYBOX_IMAGE } from '../../helpers/kubePods.mjs';

test('(integration) kubernetes executor: the pod sees the workspace, its artifact and output reach a following local step', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = `kws-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kws-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'input.txt'), 'from the workspace\n');
  writeFileSync(join(dir, 'local-only.txt'), 'stays home\n');
  writeFileSync(join(dir, '.ansflowignore'), 'local-only.txt\n');
  const text = `version: 1
name: kube-workspace
steps:
  ns:
    type: kubernetes.apply
    with:
      manifest: { apiVersion: v1, kind: Namespace, metadata: { name: ${ns} } }
  in-pod:
    type: shell
    needs: [ns]
    executor: { kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: ${ns} }
    artifacts: [out/result.txt]
    with:
      run: |
        test ! -e local-only.txt || { echo "ignored file was shipped"; exit 3; }
        mkdir -p out
        tr a-z A-Z < src/input.txt > out/result.txt
        echo "pwd=$(pwd)" >> "$ANSFLOW_OUTPUT"
  after:
    type: shell
    needs: [in-pod]
    with:
      run: |
        echo "local read: $(cat out/result.txt) pwd \${{ steps.in-pod.outputs.pwd }}"
`;
  const { done, logs } = startPipelineFile(dir, 'kws.ansflow.yaml', text);
  const kube = KubeClient.load();
  try {
    const summary = await done;
    assert.equal(summary.status, 'success', logs.join(''));
    assert.ok(existsSync(join(dir, 'out', 'result.txt')), logs.join(''));
    assert.equal(readFileSync(join(dir, 'out', 'result.txt'), 'utf8'), 'FROM THE WORKSPACE\n');
    assert.ok(logs.some((l) => l.startsWith('[after] local read: FROM THE WORKSPACE pwd /workspace')), logs.join(''));
    // Shipped files that the step did not touch are not copied back over the host's.
    assert.ok(logs.some((l) => /\[in-pod\] workspace: 1 changed files brought back/.test(l)), logs.join(''));
    assert.ok(existsSync(join(dir, 'local-only.txt')));
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) kubernetes executor with the workspace: cancel while the step runs deletes the Job', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = `kwc-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kwc-'));
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  const kube = KubeClient.load({ namespace: ns });
  try {
    await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    const exec = new KubernetesExecutor({ image: TEST_BUSYBOX_IMAGE, namespace: ns });
    const ac = new AbortController();
    const { ctx, out } = fakeStepContext({}, { signal: ac.signal, workspace: dir, cwd: dir });
    const running = exec.run({ command: 'sh', args: ['-c', 'cat a.txt; echo started; sleep 600'] }, ctx);
    for (let i = 0; i < 600 && !out.logs.join('').includes('started'); i++) await new Promise((res) => setTimeout(res, 100));
    assert.match(out.logs.join(''), /a\nstarted/);
    ac.abort();
    await assert.rejects(running, (e: Error) => e.name === 'CancellationError');
    const jobs = await listResources(kube, 'jobs', { namespace: ns });
    assert.equal(jobs.items.length, 0, 'cancel deletes the Job');
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});
