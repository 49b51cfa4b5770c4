// Cancel of each kind of tool a step starts — helm (install --wait on a release that never becomes
// ready), ansible-playbook (-c local, a task that sleeps) and a shell step (both launch paths) —
// leaves no process behind. Every process of a test carries the test's own folder in its command
// line, so a survivor is found by scanning /proc for it. Cancels happen once the tool proves it is
// running (a marker file, a stored release), never after a fixed delay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { recordingContext } from '../docker/recordingContext.js';
import { alive, processesMentioning, waitFor } from '../../unit/core/process/processProbe.js';
import { isCancellationError } from '../../../src/core/contracts/result.js';
import { LocalExecutor } from '../../../src/core/runner/executors/LocalExecutor.js';
import { shellStepType } from '../../../src/core/runner/steps/local/shell.js';
import { ansiblePlaybookStep } from '../../../src/core/runner/steps/ansible/ansiblePlaybookStep.js';
import { helmInstallStep } from '../../../src/core/runner/steps/helm/installStep.js';
import { getHelmReleaseHistory } from '../../../src/core/clients/helm/index.js';
import { KubeClient } from '../../../src/core/clients/kubernetes/index.js';

function workDir(kind: string): string {
  return mkdtempSync(join(tmpdir(), `ansflow-cancel-${kind}-`));
}

async function expectNoSurvivor(token: string): Promise<void> {
  await waitFor(() => processesMentioning(token).length === 0, `no process mentioning ${token} (left: ${processesMentioning(token).join(' | ')})`);
}

for (const forkHelper of [true, false]) {
  test(`(integration) cancel: a shell step and a grandchild ignoring SIGTERM leave no process (${forkHelper ? 'fork helper' : 'direct spawn'})`, { timeout: 120_000 }, async (t) => {
    const before = process.env.ANSFLOW_FORK_HELPER;
    if (!forkHelper) process.env.ANSFLOW_FORK_HELPER = '0';
    t.after(() => {
      if (before === undefined) delete process.env.ANSFLOW_FORK_HELPER;
      else process.env.ANSFLOW_FORK_HELPER = before;
    });
    const dir = workDir('shell');
    const pidFile = join(dir, 'grandchild.pid');
    // The grandchild mentions the folder in its own command line, ignores TERM and keeps the pipes.
    const script = `bash -c 'trap "" TERM; echo $$ > "$1.tmp"; mv "$1.tmp" "$1"; while :; do sleep 1; done' grandchild "${pidFile}" &\nwait`;
    const ctx = recordingContext({ run: script }, dir, { executor: new LocalExecutor({ killGraceMs: 60_000 }) });
    const running = shellStepType.run(ctx);
    await waitFor(() => existsSync(pidFile), 'the grandchild to start');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(alive(pid));
    assert.ok(processesMentioning(dir).length > 0, 'the probe sees the running step');
    ctx.abort.abort();
    await assert.rejects(running, (e: unknown) => isCancellationError(e));
    await expectNoSurvivor(dir);
    assert.equal(alive(pid), false);
  });
}

test('(integration) cancel: ansible-playbook (-c local, a sleeping task) leaves no process', { timeout: 180_000 }, async (t) => {
  if (!requireEngine(t, 'ansible')) return;
  const dir = workDir('ansible');
  const marker = join(dir, 'task-started');
  // Module files go under the test folder too, so the module's own processes carry the token.
  const tmp = join(dir, 'ansible-tmp');
  mkdirSync(tmp);
  writeFileSync(
    join(dir, 'sleepy.yml'),
    `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: sleep\n      ansible.builtin.shell: 'touch "${marker}"; sleep 1000; echo "${dir}"'\n`,
  );
  const ctx = recordingContext({ playbook: 'sleepy.yml', inventory: 'localhost,', connection: 'local' }, dir);
  ctx.env = { ...ctx.env, ANSIBLE_REMOTE_TMP: tmp, ANSIBLE_LOCAL_TEMP: tmp };
  const running = ansiblePlaybookStep.run(ctx);
  await waitFor(() => existsSync(marker), 'the task to start', 120_000);
  assert.ok(processesMentioning(dir).length >= 2, processesMentioning(dir).join(' | '));
  ctx.abort.abort();
  await assert.rejects(running, (e: unknown) => isCancellationError(e));
  await expectNoSurvivor(dir);
});

test('(integration) cancel: helm install --wait on a release that never becomes ready leaves no process', { timeout: 180_000 }, async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const dir = workDir('helm');
  const chart = join(dir, 'never-ready');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: never-ready\nversion: 0.1.0\n');
  // Without a controller manager no ReplicaSet is made, so the Deployment never becomes ready.
  writeFileSync(
    join(chart, 'templates', 'deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: nr}\n  template:\n    metadata:\n      labels: {app: nr}\n    spec:\n      containers:\n        - name: c\n          image: busybox\n          command: [sleep, "1000"]\n          readinessProbe:\n            exec: {command: ["false"]}\n',
  );
  const ns = `cancel-${randomBytes(3).toString('hex')}`;
  const release = `nr-${randomBytes(3).toString('hex')}`;
  const ctx = recordingContext({ release, chart, namespace: ns, createNamespace: true, wait: true, timeout: '10m', helmPath: process.env.ANSFLOW_TEST_HELM }, dir);
  const kube = KubeClient.load();
  try {
    const running = helmInstallStep.run(ctx);
    // helm stores the release (pending-install) before it creates the objects and waits on them.
    let stored = false;
    const poll = (async () => {
      while (!stored && !ctx.signal.aborted) {
        stored = (await getHelmReleaseHistory(kube, release, ns).catch(() => [])).length > 0;
        if (!stored) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await waitFor(() => stored, 'helm to store the release', 120_000);
    await poll;
    assert.ok(processesMentioning(release).length > 0, 'helm is running');
    ctx.abort.abort();
    await assert.rejects(running, (e: unknown) => isCancellationError(e));
    await expectNoSurvivor(release);
  } finally {
    kube.dispose();
  }
});
