// (integration) A step's `services:` on the kubernetes executor, on the test kubelet: busybox httpd
// sidecars in the step's pod, reached by name and on localhost, with and without the workspace, only once
// healthy (the page exists only after a delay, and the step does not retry); their log kept and masked;
// a killed runner's service Job swept; a health check that never passes fails the step naming the service,
// its state and its last probe output; no Job is left.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { KubeClient, deleteResource, listResources } from '../../../src/core/clients/kubernetes/index.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import { RunStore } from '../../../src/core/runner/store/RunStore.js';
import { RunHistory } from '../../../src/core/runner/store/RunHistory.js';
import { EnvFileSecretProvider } from '../../../src/core/runner/secrets/SecretProvider.js';
import type { RunEvent } from '../../../src/core/contracts/events.js';
import { KUBE_OWNER_LABEL, KUBE_SERVICES_LABEL, kubeOwner } from '../../../src/core/runner/executors/kubernetesServices.js';
import { TEST_BUSYBOX_IMAGE } from '../../helpers/kubePods.mjs';

const SECRET = 's3cr3t-pod-svc';

async function run(ws: string, ns: string, body: string, jobs = '') {
  const yaml = `version: 1\nname: pod-services\nsecrets:\n  pw: { from: env, env: ANSFLOW_TEST_SVC_PW }\n${jobs}steps:${body}\n`;
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, yaml.replaceAll('@NS@', ns));
  const parsed = parsePipeline(yaml.replaceAll('@NS@', ns), { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  const store = new RunStore({ root: join(ws, '.ansflow', 'runs') });
  const events: RunEvent[] = [];
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test', store, secrets: new EnvFileSecretProvider({ env: { ANSFLOW_TEST_SVC_PW: SECRET }, baseDir: ws }) });
  handle.onEvent((e) => void events.push(e));
  const summary = await handle.done;
  const logs = events.filter((e) => e.type === 'step-log').map((e) => `[${(e as { step: string }).step}] ${(e as { text: string }).text}`).join('');
  const why = `${logs}\n${JSON.stringify({ error: summary.error, steps: summary.steps.map((s) => [s.step, s.status, s.reason]) })}`;
  return { summary, logs, why, history: new RunHistory(store) };
}

/** An httpd whose page appears only a second after it starts: a step started before the health check passed would miss it. */
const web = `
      web:
        image: ${TEST_BUSYBOX_IMAGE}
        command: sleep 1; mkdir -p /www && echo hello-sidecar > /www/index.html && echo "pw=$PW" && exec httpd -f -v -p 8080 -h /www
        env: { PW: "\${{ secrets.pw }}" }
        ports: [8080]
        healthcheck: { cmd: "wget -qO- http://127.0.0.1:8080/ | grep -q hello", interval: 1s }
        startTimeout: 30s`;

// busybox nc, not wget: this image's wget crashes (SIGSEGV) when given -T; nc by name reads /etc/hosts too.
const reachAt = (indent: string) => `
        page=$(echo "GET / HTTP/1.0" | nc "$ANSFLOW_SERVICE_WEB_HOST" "$ANSFLOW_SERVICE_WEB_PORT" 2>/dev/null | tail -n 1)
        local=$(echo "GET / HTTP/1.0" | nc localhost 8080 2>/dev/null | tail -n 1)
        echo "host=$ANSFLOW_SERVICE_WEB_HOST expr=\${{ services.web.host }}:\${{ services.web.port }} page=$page local=$local"
        test "$page" = hello-sidecar`.replaceAll('\n        ', `\n${indent}`);
const reach = reachAt('        ');

async function withNamespace(t: { after(fn: () => Promise<void> | void): void }, prefix: string): Promise<{ ns: string; kube: KubeClient; ws: string }> {
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`;
  const kube = KubeClient.load({ namespace: ns });
  await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  const ws = mkdtempSync(join(tmpdir(), `ansflow-${prefix}-`));
  t.after(async () => {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
    rmSync(ws, { recursive: true, force: true });
  });
  return { ns, kube, ws };
}

async function sidecarsReachedOnceHealthy(t: TestContext): Promise<void> {
  if (!requireEngine(t, 'kube-node')) return;
  const { ns, kube, ws } = await withNamespace(t, 'ksvc');
  // A service Job a killed runner of this machine left (its pid exists no more), and one of a live runner.
  const deadPid = spawnSync('true').pid!;
  const leftover = (name: string, owner: string) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { [KUBE_SERVICES_LABEL]: '1', [KUBE_OWNER_LABEL]: owner } },
    spec: { template: { spec: { restartPolicy: 'Never', automountServiceAccountToken: false, containers: [{ name: 'step', image: TEST_BUSYBOX_IMAGE, command: ['sleep', '600'] }] } } },
  });
  await kube.request('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, { body: leftover('left-by-dead', kubeOwner(hostname(), deadPid)) });
  await kube.request('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, { body: leftover('left-by-live', kubeOwner(hostname(), process.pid)) });

  const { summary, logs, why, history } = await run(
    ws,
    ns,
    `
  withWorkspace:
    type: shell
    executor: { kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: @NS@ }
    services:${web}
    with:
      shell: sh
      run: |${reach}
  noWorkspace:
    type: shell
    executor: { kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: @NS@, workspace: false }
    services:${web}
    with:
      shell: sh
      run: |${reach}`,
  );
  assert.equal(summary.status, 'success', why);
  for (const step of ['withWorkspace', 'noWorkspace']) {
    assert.match(logs, new RegExp(`\\[${step}\\] host=web expr=web:8080 page=hello-sidecar local=hello-sidecar\\n`), why);
    const stored = history.readLog(summary.runId, step)!;
    assert.match(stored, /log of service 'web':\n[\s\S]*pw=\*\*\*/, stored);
    assert.ok(!stored.includes(SECRET), 'the service env value is masked in its kept log');
  }
  assert.match(logs, /removed service pods left by a stopped runner: job\/left-by-dead/, why);
  const jobs = (await listResources(kube, 'jobs', { namespace: ns })).items.map((j) => j.metadata.name);
  assert.deepEqual(jobs, ['left-by-live'], 'the steps\' Jobs are deleted; a live runner\'s service Job stays');
}

async function healthTimeoutNamesTheService(t: TestContext): Promise<void> {
  if (!requireEngine(t, 'kube-node')) return;
  const { ns, kube, ws } = await withNamespace(t, 'ksvh');
  const { summary, logs, why } = await run(
    ws,
    ns,
    `
  sick:
    type: shell
    executor: { kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: @NS@, workspace: false }
    services:
      db:
        image: ${TEST_BUSYBOX_IMAGE}
        command: [sleep, "600"]
        healthcheck: { cmd: "echo not-listening-yet; exit 1", interval: 1s }
        startTimeout: 3s
    with: { shell: sh, run: 'echo should-not-run' }`,
  );
  assert.equal(summary.status, 'failed', why);
  const reason = summary.steps.find((s) => s.step === 'sick')?.reason ?? '';
  assert.match(reason, /service 'db' was not healthy after 3 s in pod\/\S+; last state: running, not ready; last health check exit 1: not-listening-yet/, why);
  assert.ok(!logs.includes('should-not-run'), why);
  assert.deepEqual((await listResources(kube, 'jobs', { namespace: ns })).items.map((j) => j.metadata.name), []);
}

async function jobServicesInTheirOwnPod(t: TestContext): Promise<void> {
  if (!requireEngine(t, 'kube-node')) return;
  const { ns, kube, ws } = await withNamespace(t, 'kjsv');
  const step = (name: string, needs = '') => `
      ${name}:
        type: shell${needs}
        executor: { kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: @NS@, workspace: false }
        with:
          shell: sh
          run: |${reachAt('            ')}`;
  const { summary, logs, why, history } = await run(
    ws,
    ns,
    `
  after:
    type: shell
    needs: j
    with: { shell: sh, run: 'true' }`,
    `jobs:
  j:
    services:${web}
    steps:${step('first')}${step('second', '\n        needs: first')}
`,
  );
  assert.equal(summary.status, 'success', why);
  // Not on the step pod's localhost: in a pod of their own, reached by name.
  for (const s of ['first', 'second']) assert.match(logs, new RegExp(`\\[${s}\\] host=web expr=web:8080 page=hello-sidecar local=\\n`), why);
  assert.match(logs, /starting the job's services in pod\/ansflow-svc-j-/, why);
  const kept = summary.steps.map((s) => history.readLog(summary.runId, s.step) ?? '').join('\n');
  assert.match(kept, /log of service 'web':\n[\s\S]*pw=\*\*\*/, kept);
  const pods = (await listResources(kube, 'pods', { namespace: ns, labelSelector: `${KUBE_SERVICES_LABEL}=1` })).items.filter((p) => !p.metadata.deletionTimestamp);
  assert.deepEqual(pods.map((p) => p.metadata.name), [], 'the service pod is deleted after the job');
}

async function mixedExecutorsRefused(t: TestContext): Promise<void> {
  if (!requireEngine(t, 'kube-node')) return;
  const { ns, ws } = await withNamespace(t, 'kjmx');
  const { summary, why } = await run(
    ws,
    ns,
    `
  after:
    type: shell
    needs: j
    if: always()
    with: { shell: sh, run: 'true' }`,
    `jobs:
  j:
    services:
      web: { image: ${TEST_BUSYBOX_IMAGE}, command: sleep 600 }
    steps:
      onHost: { type: shell, with: { shell: sh, run: 'true' } }
      inPod:
        type: shell
        needs: onHost
        executor: { kind: kubernetes, image: ${TEST_BUSYBOX_IMAGE}, namespace: @NS@, workspace: false }
        with: { shell: sh, run: 'echo should-not-run' }
`,
  );
  assert.equal(summary.status, 'failed', why);
  const reason = summary.steps.find((s) => s.step === 'inPod')?.reason ?? '';
  assert.match(reason, /job 'j': its services run on the Docker engine \(started for a non-kubernetes step\), which step 'inPod' on the kubernetes executor cannot reach/, why);
  assert.ok(!why.includes('should-not-run'), why);
}

// Each test has a namespace of its own: they run side by side to keep the file at seconds.
describe('(integration) kubernetes executor services', { concurrency: true }, () => {
  test('(integration) kubernetes executor services: a sidecar reached by name and on localhost once healthy, with and without the workspace; log kept and masked; a dead runner\'s service Job swept', sidecarsReachedOnceHealthy);
  test('(integration) kubernetes executor services: a health check that never passes fails the step naming the service, its state and last probe output', healthTimeoutNamesTheService);
  test('(integration) kubernetes executor job services: one service pod per job instance, reached by name from each step pod, deleted after the job', jobServicesInTheirOwnPod);
  test('(integration) kubernetes executor job services: a job whose services run on Docker (first step local) refuses its kubernetes step, naming both', mixedExecutorsRefused);
});
