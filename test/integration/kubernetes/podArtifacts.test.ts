// (integration) `artifacts:` of steps on the kubernetes executor, on the test kubelet: globs are matched
// (from the step's workingDirectory) against what the pod wrote once it is back in the workspace, as for
// a local step, also when the step fails; the producer's kept files reach a following pod step and a
// local one under $ANSFLOW_ARTIFACTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { KubeClient, deleteResource, listResources } from '../../../src/core/clients/kubernetes/index.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { RunHistory, RunStore, runPipeline } from '../../../src/core/runner/index.js';
import { TEST_BUSYBOX_IMAGE } from '../../helpers/kubePods.mjs';

test('(integration) kubernetes executor: artifact globs keep what the pod wrote (failed steps too) and hand it to pod and local steps', { timeout: 180_000 }, async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const ns = `kart-${randomBytes(3).toString('hex')}`;
  const kube = KubeClient.load();
  await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  for (let i = 0; i < 200; i++) {
    if ((await listResources(kube, 'serviceaccounts', { namespace: ns })).items.some((s) => s.metadata.name === 'default')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kart-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'shipped.txt'), 'from the host\n');
  const pod = `{ kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: ${ns} }`;
  const text = `version: 1
name: kube-artifacts
steps:
  build:
    type: shell
    workingDirectory: app
    executor: ${pod}
    artifacts: ['dist/**', '*.log', 'missing/*.txt']
    with:
      run: |
        mkdir -p dist/sub
        echo app > dist/app.js
        echo x > dist/sub/x.txt
        echo built > build.log
        echo not kept > other.txt
  tests:
    type: shell
    needs: [build]
    executor: ${pod}
    continueOnError: true
    artifacts: ['reports/*.xml']
    with:
      run: |
        echo "pod read: $(cat "$ANSFLOW_ARTIFACTS/build/dist/app.js")"
        mkdir -p reports
        echo '<testsuite failures="1"/>' > reports/junit.xml
        exit 3
  deploy:
    type: shell
    needs: [build]
    with:
      run: cat "$ANSFLOW_ARTIFACTS/build/dist/app.js" "$ANSFLOW_ARTIFACTS/build/dist/sub/x.txt" > got.txt
`;
  const file = join(dir, 'kart.ansflow.yaml');
  writeFileSync(file, text);
  const parsed = parsePipeline(text, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
  const logs: string[] = [];
  try {
    const handle = runPipeline(parsed, { workspace: dir, store, trigger: 'test' });
    handle.onEvent((e) => {
      if (e.type === 'step-log') logs.push(`[${e.step}] ${e.text}`);
    });
    const s = await handle.done;
    assert.equal(s.status, 'success', logs.join(''));
    const run = new RunHistory(store).getRun(s.runId)!;
    const build = run.steps.find((x) => x.step === 'build')!;
    assert.deepEqual(build.artifacts?.map((a) => a.path).sort(), ['build.log', 'dist/app.js', 'dist/sub/x.txt'], logs.join(''));
    const tests = run.steps.find((x) => x.step === 'tests')!;
    assert.equal(tests.status, 'failed');
    assert.deepEqual(tests.artifacts?.map((a) => a.path), ['reports/junit.xml'], logs.join(''));
    assert.equal(readFileSync(new RunHistory(store).artifactPath(s.runId, tests.artifacts![0]!.stored)!, 'utf8'), '<testsuite failures="1"/>\n');
    assert.ok(logs.some((l) => l.startsWith('[tests] pod read: app')), logs.join(''));
    assert.equal(readFileSync(join(dir, 'got.txt'), 'utf8'), 'app\nx\n');
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});
