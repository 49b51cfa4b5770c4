// (integration) Helm 3.17 (the real binary) against the test apiserver: install/upgrade/rollback/uninstall
// through the ToolCommand wrappers and step types, and native release reading checked against
// `helm list -A -o json` / `helm history`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { requireEngine } from '../engines.js';
import { KubeClient, deleteResource } from '../../../src/core/clients/kubernetes/index.js';
import {
  chartLabel,
  diffReleaseRevisions,
  getHelmReleaseHistory,
  helmInstall,
  helmLint,
  helmList,
  helmTemplate,
  listHelmReleases,
  runToolCommand,
  watchHelmReleases,
  findHelm,
  helmRepoAdd,
  helmRepoList,
  helmRepoUpdate,
  helmSearchRepo,
} from '../../../src/core/clients/helm/index.js';
import { helmUpgradeStep } from '../../../src/core/runner/steps/helm/upgradeStep.js';
import { helmRollbackStep } from '../../../src/core/runner/steps/helm/rollbackStep.js';
import { helmUninstallStep } from '../../../src/core/runner/steps/helm/uninstallStep.js';
import { fakeStepContext } from '../kubernetes/fakeStepContext.js';

const ns = `helm-${randomBytes(3).toString('hex')}`;

function makeChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-chart-'));
  const chart = join(dir, 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.3.1\nappVersion: "2.4.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'color: blue\nreplicas: 1\n');
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  color: {{ .Values.color | quote }}\n  replicas: {{ .Values.replicas | quote }}\n');
  writeFileSync(join(chart, 'templates', 'NOTES.txt'), 'Thanks for installing {{ .Release.Name }}.\n');
  return chart;
}

test('(integration) helm install/upgrade/rollback/uninstall with native release reading that matches helm list and history', async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const chart = makeChart();
  const kube = KubeClient.load();
  const changes: string[] = [];
  const watch = watchHelmReleases(kube, (e) => changes.push(`${e.name}:${e.revision}:${e.status}`), ns);
  try {
    const lint = await runToolCommand(helmLint(helm, chart));
    assert.equal(lint.ok, true);
    const rendered = await runToolCommand(helmTemplate(helm, { release: 'r', chart, set: { color: 'green' } }));
    assert.match(rendered, /color: "green"/);

    const installed = await runToolCommand(helmInstall(helm, { release: 'web', chart, namespace: ns, createNamespace: true, set: { color: 'red' } }));
    assert.equal(installed.revision, 1);
    assert.equal(installed.status, 'deployed');
    assert.equal(installed.notes.trim(), 'Thanks for installing web.');
    // A second release, so listing has more than one row to compare.
    await runToolCommand(helmInstall(helm, { release: 'other', chart, namespace: ns }));

    const dry = fakeStepContext({ release: 'web', chart, namespace: ns, set: { color: 'yellow' } }, { dryRun: true });
    assert.equal((await helmUpgradeStep.run(dry.ctx)).exitCode, 0);
    assert.equal((await getHelmReleaseHistory(kube, 'web', ns)).length, 1, 'a dry run stores no revision');

    const up = fakeStepContext({ release: 'web', chart, namespace: ns, set: { color: 'green', replicas: 3 }, installIfMissing: true, atomic: true, timeout: '60s' });
    const upRes = await helmUpgradeStep.run(up.ctx);
    assert.equal(upRes.exitCode, 0, up.out.logs.join(''));
    assert.equal(upRes.outputs!.revision, '2');
    assert.ok(up.ctx.with && up.out.logs.join('').includes('--install'));

    const history = await getHelmReleaseHistory(kube, 'web', ns);
    assert.deepEqual(history.map((h) => [h.revision, h.status]), [[1, 'superseded'], [2, 'deployed']]);
    assert.deepEqual(history[1]!.values, { color: 'green', replicas: 3 });
    assert.equal(history[1]!.chartName, 'demo');
    assert.equal(history[1]!.chartVersion, '0.3.1');
    assert.equal(history[1]!.appVersion, '2.4.0');
    assert.match(history[1]!.manifest, /color: "green"/);
    const diff = diffReleaseRevisions(history[0]!, history[1]!);
    assert.match(diff, /^- {2}color: "red"$/m);
    assert.match(diff, /^\+ {2}color: "green"$/m);
    assert.match(diff, /^\+ {2}replicas: "3"$/m);

    const rb = fakeStepContext({ release: 'web', namespace: ns, revision: 1 });
    assert.equal((await helmRollbackStep.run(rb.ctx)).exitCode, 0, rb.out.logs.join(''));

    const native = (await listHelmReleases(kube, { namespace: ns })).map((r) => ({ name: r.name, namespace: r.namespace, revision: String(r.revision), status: r.status, chart: chartLabel(r), app_version: r.appVersion }));
    const viaHelm = (await runToolCommand(helmList(helm, {}))).filter((r) => r.namespace === ns).map(({ updated: _u, ...rest }) => rest);
    assert.deepEqual(native, viaHelm);
    assert.equal(native.find((r) => r.name === 'web')!.revision, '3');

    const un = fakeStepContext({ release: 'other', namespace: ns });
    assert.equal((await helmUninstallStep.run(un.ctx)).exitCode, 0);
    assert.deepEqual((await listHelmReleases(kube, { namespace: ns })).map((r) => r.name), ['web']);
    for (let i = 0; i < 50 && !changes.some((c) => c.startsWith('web:3')); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(changes.includes('web:3:deployed'), `watch saw: ${changes.join(' ')}`);
  } finally {
    watch.dispose();
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});

test('(integration) helm missing: a clear tool-not-found error that says what to install', async (t) => {
  const { ctx } = fakeStepContext({ release: 'x', chart: './c' }, { env: { PATH: '/nonexistent', HOME: '/nonexistent' } });
  await assert.rejects(helmUninstallStep.run({ ...ctx, with: { release: 'x', helmPath: '/nonexistent/helm' } }), (e: Error & { code?: string; hint?: string }) => e.code === 'tool-not-found' && /Install Helm 3/.test(e.hint ?? ''));
  t.diagnostic('no engine needed');
});

test('(integration) helm repo add/update/list/search against a local chart repository, install from it with the ConfigMap storage driver', async (t) => {
  if (!requireEngine(t, 'kube') || !requireEngine(t, 'helm')) return;
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const chart = makeChart();
  const home = mkdtempSync(join(tmpdir(), 'ansflow-helm-home-'));
  const repoDir = join(home, 'repo');
  mkdirSync(repoDir);
  // Keep helm's repository config away from the user's.
  const env = { HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data') };
  execFileSync(helm, ['package', chart, '-d', repoDir], { env: { ...process.env, ...env } });
  const server = http.createServer((req, res) => {
    try {
      res.end(readFileSync(join(repoDir, decodeURIComponent(new URL(req.url!, 'http://x').pathname))));
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  execFileSync(helm, ['repo', 'index', repoDir, '--url', url], { env: { ...process.env, ...env } });
  const kube = KubeClient.load();
  const rns = `${ns}-cm`;
  try {
    assert.deepEqual(await runToolCommand({ ...helmRepoList(helm), env }), []);
    await runToolCommand({ ...helmRepoAdd(helm, 'local', url), env });
    await runToolCommand({ ...helmRepoUpdate(helm), env });
    assert.deepEqual(await runToolCommand({ ...helmRepoList(helm), env }), [{ name: 'local', url }]);
    const found = await runToolCommand({ ...helmSearchRepo(helm, 'demo'), env });
    assert.deepEqual(found.map((f) => [f.name, f.version, f.app_version]), [['local/demo', '0.3.1', '2.4.0']]);
    await runToolCommand({ ...helmInstall(helm, { release: 'from-repo', chart: 'local/demo', namespace: rns, createNamespace: true }), env: { ...env, HELM_DRIVER: 'configmap' } });
    const listed = await listHelmReleases(kube, { namespace: rns });
    assert.deepEqual(listed.map((r) => [r.name, r.revision, r.status, r.storage, chartLabel(r)]), [['from-repo', 1, 'deployed', 'configmap', 'demo-0.3.1']]);
  } finally {
    server.close();
    await deleteResource(kube, 'namespaces', rns).catch(() => undefined);
    kube.dispose();
  }
});
