// (integration) kubernetes.job through the real parser and runner on the real cluster (kube-node): a
// value in the Job's shell script is read from a pod variable, so it is printed, never run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import { KubeClient, applyManifests, deleteResource, listResources, parseManifests } from '../../../src/core/clients/kubernetes/index.js';

test('(integration) kubernetes.job: a value `x; touch /tmp/marker` in the script is printed as text; the marker is never created', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = `jobvals-${randomBytes(3).toString('hex')}`;
  const image = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE ?? 'ansflow-test/busybox:1';
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-jobvals-'));
  const kube = KubeClient.load({ namespace: ns });
  t.after(async () => {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`));
  for (let i = 0; i < 100 && !(await listResources(kube, 'serviceaccounts', { namespace: ns })).items.some((s) => s.metadata.name === 'default'); i++) await new Promise((r) => setTimeout(r, 100));
  const text = `version: 1
name: job-values
params:
  v: { type: string, default: "" }
steps:
  job:
    type: kubernetes.job
    with:
      image: ${image}
      namespace: ${ns}
      timeout: 2m
      script: |
        echo "<\${{ params.v }}>"
        printf '<%s>\\n' \${{ params.v }}
        if [ -e /tmp/marker ]; then echo MARKER-CREATED; fi
`;
  writeFileSync(join(dir, 'p.ansflow.yaml'), text);
  const parsed = parsePipeline(text, { file: join(dir, 'p.ansflow.yaml') });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const logs: string[] = [];
  const handle = runPipeline(parsed, { workspace: dir, params: { v: 'x; touch /tmp/marker' }, trigger: 'test' });
  handle.onEvent((e) => {
    if (e.type === 'step-log' && e.stream === 'stdout') logs.push(e.text);
    if (e.type === 'step-end' && e.status !== 'success') logs.push(`END ${e.status} ${e.reason ?? ''}`);
  });
  const summary = await handle.done;
  const out = logs.join('');
  assert.ok(!out.includes('MARKER-CREATED'), out);
  assert.equal(summary.status, 'success', out);
  assert.equal(out.split('\n').filter((l) => l.startsWith('<')).join('\n'), '<x; touch /tmp/marker>\n<x; touch /tmp/marker>');
});
