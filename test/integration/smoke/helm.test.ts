// Smoke test: the real helm binary installs a tiny local chart into the test apiserver; the release lands as a
// Secret of type helm.sh/release.v1 (checked with client-node), and uninstall removes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { helmPath, requireEngine, testKubeconfigPath, uniqueName } from '../engines.js';

const run = promisify(execFile);

/** Writes a one-template chart (a ConfigMap fed from values) into a fresh temp folder. */
function writeChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-chart-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: smoke\nversion: 0.1.0\nappVersion: "1.0"\n');
  writeFileSync(join(dir, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(
    join(dir, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  );
  return dir;
}

test('(integration) helm install of a local chart lands a helm.sh/release.v1 Secret, uninstall removes it', async (t) => {
  if (!requireEngine(t, 'helm') || !requireEngine(t, 'kube')) return;
  const chart = writeChart();
  t.after(() => rmSync(chart, { recursive: true, force: true }));
  const kc = new KubeConfig();
  kc.loadFromFile(testKubeconfigPath());
  const core = kc.makeApiClient(CoreV1Api);
  const namespace = uniqueName('smoke-helm');
  const release = uniqueName('rel');
  const helm = (...args: string[]) => run(helmPath(), [...args, '--kubeconfig', testKubeconfigPath(), '--namespace', namespace]);
  t.after(() => core.deleteNamespace({ name: namespace }).catch(() => undefined));

  await helm('install', release, chart, '--create-namespace', '--set', 'greeting=hi-from-helm');
  const secrets = await core.listNamespacedSecret({ namespace, labelSelector: `owner=helm,name=${release}` });
  assert.equal(secrets.items.length, 1);
  assert.equal(secrets.items[0].type, 'helm.sh/release.v1');
  assert.equal(secrets.items[0].metadata?.labels?.status, 'deployed');
  const cm = await core.readNamespacedConfigMap({ name: `${release}-cm`, namespace });
  assert.equal(cm.data?.greeting, 'hi-from-helm');

  const { stdout } = await helm('list', '--output', 'json');
  assert.deepEqual(
    (JSON.parse(stdout) as Array<{ name: string; status: string }>).map((r) => [r.name, r.status]),
    [[release, 'deployed']],
  );

  await helm('uninstall', release);
  const after = await core.listNamespacedSecret({ namespace, labelSelector: `owner=helm,name=${release}` });
  assert.equal(after.items.length, 0);
});
