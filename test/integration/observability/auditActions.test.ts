// (integration) A record per action kind, with the real outcome: the core action functions the
// editor's commands call (Kubernetes, Helm, Docker) run against the real engines through
// AuditLog.track with the targets the commands give; runs and approval decisions come from the real
// CLI. A failing call records the apiserver's message; a secret of a run never reaches the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import {
  KubeClient, applyManifests, deleteResource, execInPod, forwardPort, listResources, parseManifests, rolloutRestart, rolloutUndo, scaleResource, waitForRollout,
} from '../../../src/core/clients/kubernetes/index.js';
import { findHelm, helmInstall, runToolCommand } from '../../../src/core/clients/helm/index.js';
import { rollbackRelease, uninstallRelease, upgradeRelease } from '../../../src/core/views/helm/helmActions.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { AUDIT_ACTIONS, AuditLog, type AuditAction } from '../../../src/core/observability/audit/index.js';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../../unit/helpers/memoryIO.js';

const ns = uniqueName('audit');

test('(integration) audit: one record per action kind with its real result, from the real engines and the real CLI', async (t) => {
  if (!requireEngine(t, 'kube-node') || !requireEngine(t, 'helm') || !requireEngine(t, 'docker')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-audit-int-'));
  const file = join(dir, 'audit.jsonl');
  const audit = new AuditLog({ file, source: 'editor' });
  const kube = KubeClient.load({ namespace: ns });
  const context = kube.context;
  const at = (object: string) => ({ context, namespace: ns, object });
  const docker = DockerClient.connect();
  let cid = '';
  try {
    // Kubernetes: apply, scale (and a failing scale), restart, rollback, exec, port-forward, delete.
    const manifest = `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: ${ns} }\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers:\n        - { name: web, image: ${busyboxImage()}, imagePullPolicy: Never, command: [sh, -c, 'echo ok > /tmp/i; httpd -f -p 8080 -h /tmp'] }\n`;
    await audit.track('apply', { context, namespace: ns, object: 'web.yaml' }, () => applyManifests(kube, parseManifests(manifest)), { detailOf: (r) => r.map((x) => `${x.kind}/${x.name} ${x.action}`).join(', ') });
    await waitForRollout(kube, 'Deployment', 'web', { namespace: ns, timeoutMs: 120_000 });
    await audit.track('scale', at('Deployment/web'), () => scaleResource(kube, 'Deployment', 'web', 1, ns), { detail: 'replicas 1 → 1' });
    await assert.rejects(audit.track('scale', at('Deployment/missing'), () => scaleResource(kube, 'Deployment', 'missing', 2, ns)));
    await audit.track('restart', at('Deployment/web'), () => rolloutRestart(kube, 'Deployment', 'web', ns));
    await waitForRollout(kube, 'Deployment', 'web', { namespace: ns, timeoutMs: 120_000 });
    await audit.track('rollback', at('Deployment/web'), () => rolloutUndo(kube, 'web', ns), { detailOf: (r) => `to revision ${r}` });
    await waitForRollout(kube, 'Deployment', 'web', { namespace: ns, timeoutMs: 120_000 });
    const pods = await listResources(kube, 'Pod', { namespace: ns, labelSelector: 'app=web' });
    const pod = pods.items.find((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string })?.phase === 'Running')!.metadata.name;
    const ran = await audit.track('exec', at(`Pod/${pod}`), () => execInPod(kube, ns, pod, ['cat', '/tmp/i']), { detail: 'shell in container web' });
    assert.equal(ran.stdout, 'ok\n');
    const fwd = await audit.track('port-forward', at(`Pod/${pod}`), () => forwardPort(kube, ns, pod, 8080, 0), { detailOf: (f) => `127.0.0.1:${f.localPort} → 8080` });
    fwd.dispose();
    await audit.track('delete', at(`Pod/${pod}`), () => deleteResource(kube, 'Pod', pod, ns, { gracePeriodSeconds: 0 }));

    // Helm: upgrade, rollback, uninstall of a release in the same namespace.
    const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
    const chart = join(dir, 'chart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'values.yaml'), 'color: blue\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  color: {{ .Values.color | quote }}\n');
    await runToolCommand(helmInstall(helm, { release: 'rel', chart, namespace: ns, kubeContext: context }));
    const target = { helm, context, namespace: ns, release: 'rel' };
    await audit.track('helm-upgrade', { context, namespace: ns, object: 'rel' }, () => upgradeRelease(target, { chart, set: { color: 'green' } }), { detailOf: (r) => `revision ${r.revision} (${r.status})` });
    await audit.track('helm-rollback', { context, namespace: ns, object: 'rel' }, () => rollbackRelease(target, 1), { detail: 'to revision 1' });
    await audit.track('helm-uninstall', { context, namespace: ns, object: 'rel' }, () => uninstallRelease(target));

    // Docker: run, stop, start, remove, prune.
    const name = uniqueName('audit-c');
    const where = { context: 'test dockerd', object: name };
    cid = await audit.track('container-run', where, async () => {
      const id = await docker.createContainer({ name, Image: busyboxImage(), Cmd: ['sleep', '600'] });
      await docker.startContainer(id);
      return id;
    });
    await audit.track('container-stop', where, () => docker.stopContainer(cid, 0));
    await audit.track('container-start', where, () => docker.startContainer(cid));
    await audit.track('container-remove', where, () => docker.removeContainer(cid, { force: true }));
    await audit.track('prune', { context: 'test dockerd', object: 'networks' }, () => docker.pruneNetworks());

    // A run and its approval decisions through the real CLI, with a secret in the environment.
    const pipeline = join(dir, 'p.ansflow.yaml');
    writeFileSync(pipeline, 'version: 1\nname: audited\nsecrets:\n  TOKEN:\n    from: env\n    env: AUDIT_TEST_TOKEN\nsteps:\n  gate:\n    type: approval\n    with:\n      message: go?\n  use:\n    type: shell\n    needs: [gate]\n    env:\n      TOKEN: ${{ secrets.TOKEN }}\n    with:\n      run: test -n "$TOKEN"\n');
    const io = memoryIO(dir, { ...process.env, ANSFLOW_AUDIT_FILE: file, AUDIT_TEST_TOKEN: 's3cr3t-audit-token' });
    assert.equal(await runCli(['run', pipeline, '--store', join(dir, 'store'), '--approve', 'gate'], io), 0, io.err() + io.out());

    const records = audit.read();
    const kinds = new Set(records.map((r) => r.action));
    const wanted: AuditAction[] = ['apply', 'scale', 'restart', 'rollback', 'exec', 'port-forward', 'delete', 'helm-upgrade', 'helm-rollback', 'helm-uninstall', 'container-run', 'container-stop', 'container-start', 'container-remove', 'prune', 'pipeline-run', 'approval'];
    assert.deepEqual(wanted.filter((k) => !kinds.has(k)), [], 'every action kind recorded');
    assert.ok(wanted.every((k) => (AUDIT_ACTIONS as readonly string[]).includes(k)));
    assert.deepEqual(records.filter((r) => r.result === 'failed').map((r) => [r.action, r.target.object]), [['scale', 'Deployment/missing']]);
    assert.match(records.find((r) => r.result === 'failed')!.detail!, /not ?found/i);
    assert.match(records.find((r) => r.action === 'apply')!.detail!, /Deployment\/web (created|configured)/);
    assert.match(records.find((r) => r.action === 'helm-upgrade')!.detail!, /^revision 2 \(deployed\)$/);
    assert.match(records.find((r) => r.action === 'rollback')!.detail!, /^to revision \d+$/);
    const run = records.find((r) => r.action === 'pipeline-run')!;
    assert.deepEqual([run.source, run.result, run.target.object], ['cli', 'ok', 'audited']);
    assert.equal(records.find((r) => r.action === 'approval')!.runId, run.runId);
    assert.ok(records.every((r) => r.user && r.time));
    assert.ok(!readFileSync(file, 'utf8').includes('s3cr3t-audit-token'));
  } finally {
    if (cid) await docker.removeContainer(cid, { force: true }).catch(() => undefined);
    await deleteResource(kube, 'Namespace', ns).catch(() => undefined);
    kube.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
