// The script a pod runs (the executor's run.sh, a kubernetes.job `script`, stdin) can hold values
// escaped into string literals, secrets among them: it travels in a Secret, never a ConfigMap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeClient } from '../../../../src/core/clients/kubernetes/KubeClient.js';
import { buildJob, runJob } from '../../../../src/core/clients/kubernetes/runJob.js';

interface Call {
  method: string;
  path: string;
  body?: Record<string, unknown>;
}

/** A client that records requests and cancels the run as soon as the first object is posted. */
function recordingKube(abort: AbortController): { kube: KubeClient; calls: Call[] } {
  const calls: Call[] = [];
  const kube = {
    async request(method: string, path: string, opts: { body?: Record<string, unknown> } = {}) {
      calls.push({ method, path, body: opts.body });
      if (method === 'POST') abort.abort();
      return { metadata: { uid: 'u1' } };
    },
  } as unknown as KubeClient;
  return { kube, calls };
}

test('(unit) runJob: files (a script with a secret in a string literal) go to a Secret, no ConfigMap is created', async () => {
  const abort = new AbortController();
  const { kube, calls } = recordingKube(abort);
  const script = "print('token=hunter2-secret')\n";
  await assert.rejects(runJob(kube, { namespace: 'ns', name: 'step', image: 'python:3', files: { 'run.sh': script, stdin: 'in' }, env: { A: '1' } }, { signal: abort.signal }));
  const posts = calls.filter((c) => c.method === 'POST');
  assert.equal(posts.some((c) => /configmaps/i.test(c.path)), false, `a ConfigMap was created: ${JSON.stringify(posts.map((p) => p.path))}`);
  assert.ok(!JSON.stringify(calls).includes('"kind":"ConfigMap"'));
  const fileSecret = posts.find((c) => /\/secrets$/.test(c.path) && JSON.stringify(c.body).includes('hunter2-secret'));
  assert.ok(fileSecret, 'the script is in a Secret');
  assert.equal(fileSecret.body!.kind, 'Secret');
  // The env Secret keeps only the environment (envFrom would turn a file key into a variable).
  const envSecret = posts.find((c) => /\/secrets$/.test(c.path) && JSON.stringify(c.body).includes('"A":"1"'));
  assert.ok(envSecret && envSecret !== fileSecret && !JSON.stringify(envSecret.body).includes('hunter2'));
  // Cleanup deletes what it created.
  const deleted = calls.filter((c) => c.method === 'DELETE').map((c) => c.path);
  for (const p of posts) assert.ok(deleted.some((d) => d.startsWith(p.path + '/')), `${p.path} cleaned up`);
});

test('(unit) buildJob mounts the files from a Secret volume at /ansflow, executable and read-only', () => {
  const job = buildJob({ namespace: 'ns', name: 'step', image: 'busybox', command: ['/bin/sh', '/ansflow/run.sh'], files: { 'run.sh': 'echo hi' } }, 'step-1', undefined, 'step-1-files');
  const pod = (job.spec as { template: { spec: Record<string, any> } }).template.spec; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.deepEqual(pod.volumes, [{ name: 'ansflow', secret: { secretName: 'step-1-files', defaultMode: 0o755 } }]);
  assert.deepEqual(pod.containers[0].volumeMounts, [{ name: 'ansflow', mountPath: '/ansflow', readOnly: true }]);
  assert.ok(!JSON.stringify(job).includes('configMap'));
});
