// (integration) Pod-level calls against real pods: the kube-node engine runs kube-controller-manager,
// kube-scheduler and a dockershim kubelet on the test dockerd, so Jobs, logs, exec, port-forward and
// rollouts are real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { requireEngine } from '../engines.js';
import { KubeClient, getResource, listEventsFor, applyManifests, parseManifests, deleteResource, execInPod, forwardPort, streamPodLogs, listResources, waitForRollout } from '../../../src/core/clients/kubernetes/index.js';
import { jobStep } from '../../../src/core/runner/steps/kubernetes/jobStep.js';
import { rolloutStep } from '../../../src/core/runner/steps/kubernetes/rolloutStep.js';
import { KubernetesExecutor } from '../../../src/core/runner/executors/KubernetesExecutor.js';
import { fakeStepContext } from './fakeStepContext.js';
import { DISPOSABLE, TEST_BUSYBOX_IMAGE, deployment, manifestText, pod } from '../../helpers/kubePods.mjs';

const ns = `pods-${randomBytes(3).toString('hex')}`;
const image = TEST_BUSYBOX_IMAGE;

async function ensureNamespace(kube: KubeClient): Promise<void> {
  await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`));
  // The controller-manager creates the default service account shortly after the namespace.
  for (let i = 0; i < 100; i++) {
    const sas = await listResources(kube, 'serviceaccounts', { namespace: ns });
    if (sas.items.some((s) => s.metadata.name === 'default')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('(integration) kubernetes.job runs an image to completion, streams its log and reports the exit code; the Job is cleaned up', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    await ensureNamespace(kube);
    const { ctx, out } = fakeStepContext({ image, namespace: ns, script: 'echo "hello from $GREETING"; echo second line; exit 3', env: { GREETING: 'the pod' } });
    const res = await jobStep.run(ctx);
    assert.equal(res.exitCode, 3, out.logs.join(''));
    const logs = out.logs.join('');
    assert.ok(logs.includes('hello from the pod\n'), logs);
    assert.ok(logs.includes('second line\n'));
    const jobs = await listResources(kube, 'jobs', { namespace: ns });
    assert.equal(jobs.items.length, 0, 'the Job is deleted after the step');
    const secrets = await listResources(kube, 'secrets', { namespace: ns, labelSelector: 'app.kubernetes.io/managed-by=ansflow' });
    assert.equal(secrets.items.length, 0, 'the env Secret is deleted after the step');
  } finally {
    kube.dispose();
  }
});

test('(integration) kubernetes executor: a step process runs as a Job with env and secrets from a Secret; cancel deletes the Job', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    await ensureNamespace(kube);
    // The plain Job mode (its log is the step's output); the workspace mode has workspaceExecutor.test.ts.
    const exec = new KubernetesExecutor({ image, namespace: ns, workspace: false });
    const { ctx, out } = fakeStepContext({}, { secrets: { TOKEN: 's3cr3t' }, env: { ...(process.env as Record<string, string>), STAGE: 'prod', PATH: '/host/only/path' } });
    const r = await exec.run({ command: 'bash', args: ['-c', 'echo "stage=$STAGE token-length=${#TOKEN}"; test "$PATH" != /host/only/path && cat; exit 7'], input: 'from stdin\n' }, ctx);
    const logs = out.logs.join('');
    assert.equal(r.exitCode, 7, logs);
    assert.ok(logs.includes('stage=prod token-length=6\n'), logs);
    assert.ok(logs.includes('from stdin\n'), logs);
    assert.ok(!logs.includes('s3cr3t'));

    const ac = new AbortController();
    const c2 = fakeStepContext({}, { signal: ac.signal });
    const running = exec.run({ command: 'sh', args: ['-c', 'echo started; sleep 600'] }, c2.ctx);
    for (let i = 0; i < 300 && !c2.out.logs.join('').includes('started'); i++) await new Promise((res) => setTimeout(res, 100));
    assert.ok(c2.out.logs.join('').includes('started'), c2.out.logs.join(''));
    ac.abort();
    await assert.rejects(running, (e: Error) => e.name === 'CancellationError');
    const jobs = await listResources(kube, 'jobs', { namespace: ns });
    assert.equal(jobs.items.length, 0, 'cancel deletes the Job');
  } finally {
    kube.dispose();
  }
});

test('(integration) logs (follow, container), exec with exit code, port-forward to a pod', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    await ensureNamespace(kube);
    await applyManifests(
      kube,
      parseManifests(
        manifestText(
          pod(
            { name: 'web', namespace: ns },
            {
              ...DISPOSABLE,
              containers: [
                { name: 'httpd', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo hi-from-pod > /tmp/index.html; echo serving; httpd -f -p 8080 -h /tmp'] },
                { name: 'ticker', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'] },
              ],
            },
          ),
        ),
      ),
    );
    const ac = new AbortController();
    const ticks: string[] = [];
    for (let i = 0; i < 300; i++) {
      ticks.length = 0;
      try {
        for await (const line of streamPodLogs(kube, ns, 'web', { container: 'ticker', follow: true, signal: ac.signal })) {
          ticks.push(line);
          if (ticks.length >= 3) ac.abort();
        }
        if (ticks.length >= 3) break;
      } catch {
        // container not started yet
      }
      // An empty stream also means the container has not written yet: try again.
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(ticks.slice(0, 3), ['tick 1', 'tick 2', 'tick 3']);

    // The kubelet posts events asynchronously; a container can log before its Started event lands.
    let reasons: string[] = [];
    for (let i = 0; i < 50; i++) {
      reasons = (await listEventsFor(kube, await getResource(kube, 'pod', 'web', ns))).map((e) => String(e.reason));
      if (reasons.includes('Scheduled') && reasons.includes('Started')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(reasons.includes('Scheduled') && reasons.includes('Started'), reasons.join(' '));

    const ex = await execInPod(kube, ns, 'web', ['sh', '-c', 'cat /tmp/index.html; echo oops >&2; exit 4'], { container: 'httpd' });
    assert.equal(ex.exitCode, 4);
    assert.equal(ex.stdout, 'hi-from-pod\n');
    assert.equal(ex.stderr, 'oops\n');

    const pf = await forwardPort(kube, ns, 'web', 8080);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: pf.localPort, path: '/index.html' }, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
      assert.equal(body, 'hi-from-pod\n');
    } finally {
      pf.dispose();
    }
  } finally {
    await deleteResource(kube, 'pods', 'web', ns, { gracePeriodSeconds: 0 }).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) previous container logs after a restart', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    await ensureNamespace(kube);
    await applyManifests(
      kube,
      parseManifests(
        manifestText(
          pod({ name: 'crashy', namespace: ns }, { ...DISPOSABLE, containers: [{ name: 'c', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo attempt-$(cat /proc/sys/kernel/random/uuid); exit 1'] }] }),
        ),
      ),
    );
    let restarts = 0;
    for (let i = 0; i < 600 && restarts < 1; i++) {
      const pod = await getResource(kube, 'pod', 'crashy', ns);
      restarts = ((pod.status?.containerStatuses as Array<{ restartCount: number }> | undefined)?.[0]?.restartCount) ?? 0;
      if (restarts < 1) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(restarts >= 1, 'the container restarted');
    let previous: string[] = [];
    // Right after the restart count moves, the kubelet may answer "unable to retrieve container logs"
    // or refuse with 400 "previous terminated container … not found" for a moment: ask again.
    let lastError: unknown;
    for (let i = 0; i < 50; i++) {
      previous = [];
      try {
        for await (const l of streamPodLogs(kube, ns, 'crashy', { previous: true })) previous.push(l);
      } catch (e) {
        if ((e as { status?: number }).status !== 400) throw e;
        lastError = e;
      }
      if (previous[0]?.startsWith('attempt-')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(previous.length, 1, `previous logs: ${String(lastError ?? 'none')}`);
    assert.match(previous[0]!, /^attempt-[0-9a-f-]{36}$/);
  } finally {
    await deleteResource(kube, 'pods', 'crashy', ns, { gracePeriodSeconds: 0 }).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) kubernetes.rollout waits for a real Deployment rollout and outputs its revision', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  try {
    await ensureNamespace(kube);
    const dep = (v: string) =>
      manifestText(deployment({ name: 'api', namespace: ns }, { replicas: 2, annotations: { v }, ...DISPOSABLE, containers: [{ name: 'api', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] }));
    await applyManifests(kube, parseManifests(dep('1')));
    const { ctx, out } = fakeStepContext({ resource: 'deployment/api', namespace: ns, timeout: '120s' });
    const r1 = await rolloutStep.run(ctx);
    assert.equal(r1.exitCode, 0);
    assert.equal(r1.outputs!.revision, '1');
    assert.ok(out.logs.some((l) => l.includes('deployment "api" successfully rolled out')), out.logs.join(''));
    await applyManifests(kube, parseManifests(dep('2')));
    const state = await waitForRollout(kube, 'deployment', 'api', { namespace: ns, timeoutMs: 120_000 });
    assert.equal(state.revision, '2');
    // rollout undo brings revision 1's template back as revision 3.
    const undo = fakeStepContext({ resource: 'deployment/api', namespace: ns, action: 'undo', timeout: '120s' });
    const r3 = await rolloutStep.run(undo.ctx);
    assert.equal(r3.outputs!.revision, '3', undo.out.logs.join(''));
    assert.ok(undo.out.logs.join('').includes('rolled back to revision 1'));
    const dep3 = await getResource(kube, 'deployment', 'api', ns);
    assert.equal((dep3.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations.v, '1');
  } finally {
    kube.dispose();
  }
});

test.after(async () => {
  if (!process.env.ANSFLOW_TEST_ENGINES?.includes('kube-node')) return;
  const kube = KubeClient.load();
  await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
  kube.dispose();
});
