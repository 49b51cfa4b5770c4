// (integration) Alert rules on the test apiserver and kubelet: a crash-looping pod (busybox `exit 1`,
// restartPolicy Always) in this test's own namespace fires the pod-restarts rule through the rule's
// own informer, once, pointing at the pod; the node-not-ready rule stays quiet on the ready node.
// On dockerd, a container holding a third of its 16 MiB limit fires the memory rule, and a container
// without a limit gets no stats stream at all. A Helm install the apiserver refuses leaves a `failed`
// revision, which fires the Helm rule through the release Secrets watch.
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { KubeClient, applyManifests, deleteResource, parseManifests } from '../../../src/core/clients/kubernetes/index.js';
import { findHelm, helmInstall, runToolCommand } from '../../../src/core/clients/helm/index.js';
import { AlertEngine, parseAlertRules, type Alert } from '../../../src/core/observability/alerts/index.js';

const ns = uniqueName('alerts');

test('(integration) alerts: a crash-looping pod fires the pod-restarts rule once', async (t) => {
  if (!requireEngine(t, 'kube-node')) return;
  const kube = KubeClient.load({ namespace: ns });
  const { rules, problems } = parseAlertRules([
    { kind: 'podRestarts', threshold: 0, window: '10m', namespace: ns },
    { kind: 'nodeNotReady' },
  ]);
  assert.deepEqual(problems, []);
  const alerts: Alert[] = [];
  let fired: () => void = () => {};
  const firstRestartAlert = new Promise<void>((r) => (fired = r));
  const errors: string[] = [];
  const engine = new AlertEngine(rules, { kube }, (a) => {
    alerts.push(a);
    if (a.kind === 'podRestarts') fired();
  }, { onError: (m) => errors.push(m) });
  try {
    engine.start();
    await applyManifests(
      kube,
      parseManifests(
        `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: crash, namespace: ${ns} }\nspec:\n  restartPolicy: Always\n  terminationGracePeriodSeconds: 0\n  automountServiceAccountToken: false\n  containers:\n    - { name: c, image: ${busyboxImage()}, imagePullPolicy: Never, command: [sh, -c, 'exit 1'] }\n`,
      ),
    );
    // The deadline only ends a hung test; the alert arrives on the first restart the informer sees.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([firstRestartAlert, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no restart alert; errors: ${errors.join('; ')}`)), 120_000)))]);
    clearTimeout(timer);
    const restart = alerts.filter((a) => a.kind === 'podRestarts');
    assert.equal(restart.length, 1);
    assert.deepEqual(restart[0]!.target, { type: 'pod', context: kube.context, namespace: ns, name: 'crash' });
    assert.match(restart[0]!.message, new RegExp(`Pod ${ns}/crash restarted \\d+ times? in 10m`));
    assert.equal(engine.gate.admit('podRestarts#0', `${ns}/crash`, 600_000), false, 'further restarts in the window are deduped');
    assert.deepEqual(alerts.filter((a) => a.kind === 'nodeNotReady'), [], 'the test node is ready');
  } finally {
    engine.dispose();
    await deleteResource(kube, 'Namespace', ns).catch(() => {});
  }
});

test('(integration) alerts: a container over its memory share fires the memory rule; one without a limit is not streamed', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const name = uniqueName('alerts-mem');
  const ids: string[] = [];
  const { rules } = parseAlertRules([{ kind: 'containerMemory', percent: 10 }]);
  let fired: (a: Alert) => void = () => {};
  const alert = new Promise<Alert>((r) => (fired = r));
  const errors: string[] = [];
  const engine = new AlertEngine(rules, { docker }, (a) => fired(a), { onError: (m) => errors.push(m) });
  try {
    engine.start();
    // A shell variable of 6 MB (over a third of the limit; its build peaks below the limit) stays in anonymous memory (not page cache, which stats leave out).
    // The loop keeps that shell alive: busybox sh execs a script's last simple command, so `…; sleep 600` dropped the
    // variable as soon as sleep started, and only a sample taken before that saw the memory.
    const hold = ['sh', '-c', 'x=$(head -c 6000000 /dev/zero | tr "\\0" a); while true; do sleep 600; done'];
    ids.push(await docker.createContainer({ name: `${name}-free`, Image: busyboxImage(), Cmd: ['sleep', '600'] }));
    ids.push(await docker.createContainer({ name: `${name}-limited`, Image: busyboxImage(), Cmd: hold, HostConfig: { Memory: 16 * 1024 * 1024 } }));
    for (const id of ids) await docker.startContainer(id);
    let timer: NodeJS.Timeout | undefined;
    const noAlert = async () => {
      const s = await docker.stats(ids[1]!).next();
      return new Error(`no memory alert; errors: ${errors.join('; ')}; streamed: ${engine.followedContainers().join(', ')}; limited: ${ids[1]}; its sample: ${JSON.stringify(s.value)}`);
    };
    const a = await Promise.race([alert, new Promise<never>((_, reject) => (timer = setTimeout(() => void noAlert().then(reject, reject), 60_000)))]);
    clearTimeout(timer);
    assert.deepEqual(a.target, { type: 'container', id: ids[1], name: `${name}-limited` });
    assert.match(a.message, new RegExp(`Container ${name}-limited uses \\d+% of its memory limit`));
    assert.ok(!engine.followedContainers().includes(ids[0]!), 'the container without a limit has no stats stream');
    assert.ok(engine.followedContainers().includes(ids[1]!));
  } finally {
    engine.dispose();
    for (const id of ids) await docker.removeContainer(id, { force: true }).catch(() => undefined);
  }
});

test('(integration) alerts: a Helm release revision stored as failed fires the Helm rule', async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const hns = uniqueName('alerts-helm');
  const kube = KubeClient.load({ namespace: hns });
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-alerts-helm-'));
  const { rules } = parseAlertRules([{ kind: 'helmFailed', namespace: hns }]);
  let fired: (a: Alert) => void = () => {};
  const alert = new Promise<Alert>((r) => (fired = r));
  const errors: string[] = [];
  const engine = new AlertEngine(rules, { kube }, (a) => fired(a), { onError: (m) => errors.push(m) });
  try {
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${hns} }\n`));
    engine.start();
    const chart = join(dir, 'chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: bad\nversion: 0.1.0\n');
    // The apiserver refuses an upper-case object name, so the install fails after Helm stored the release.
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Valid_Name\ndata: {}\n');
    await assert.rejects(runToolCommand(helmInstall(findHelm(process.env.ANSFLOW_TEST_HELM), { release: 'bad', chart, namespace: hns, kubeContext: kube.context })));
    let timer: NodeJS.Timeout | undefined;
    const a = await Promise.race([alert, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no Helm alert; errors: ${errors.join('; ')}`)), 60_000)))]);
    clearTimeout(timer);
    assert.deepEqual(a.target, { type: 'helm', context: kube.context, namespace: hns, name: 'bad', revision: 1 });
    assert.match(a.message, new RegExp(`Helm release ${hns}/bad revision 1 failed`));
  } finally {
    engine.dispose();
    await deleteResource(kube, 'Namespace', hns).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
