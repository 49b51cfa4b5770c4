/// <reference types="mocha" />
// The Clusters view in the real extension host, pointed at the test apiserver + kubelet when the
// run has them (run e2e under test/infra/with-engines.sh with "docker kube kube-node chromium"):
// the selected context is marked, a seeded Deployment's pod shows Running under it, scaling from
// the command adds a pod row, logs open a terminal and describe opens a read-only document.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { applyManifests, KubeClient, parseManifests } from '../../../src/core/clients/kubernetes/index.js';
import { waitFor } from './helpers.js';
import { deployment, manifestText } from '../../helpers/kubePods.mjs';

interface Row {
  label: string;
  description: string;
  contextValue: string;
  node: { type: string };
}

const rows = (path: string[]) => vscode.commands.executeCommand<Row[] | undefined>('ansflow.getClustersRows', path);
const NS = 'e2e-clu';
const haveCluster = !!process.env.ANSFLOW_TEST_KUBECONFIG && (process.env.ANSFLOW_TEST_ENGINES ?? '').includes('kube-node');

suite('(e2e) clusters', () => {
  if (!haveCluster) {
    test('(e2e) clusters: without a test cluster the tree lists only kubeconfig contexts (none: empty, so the welcome text shows)', async () => {
      const got = (await rows([])) ?? [];
      const configured = !!process.env.KUBECONFIG || existsSync(join(homedir(), '.kube', 'config'));
      if (!configured) assert.deepEqual(got, [], 'no contexts: no rows, so the view shows its welcome text');
      else assert.ok(got.every((r) => r.node.type === 'context' || r.node.type === 'message'));
    });
    return;
  }
  let kube: KubeClient;
  let context: string;

  suiteSetup(async function () {
    this.timeout(180_000);
    kube = KubeClient.load({ namespace: NS });
    context = kube.context;
    await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n`));
    await waitFor(() => kube.request('GET', `/api/v1/namespaces/${NS}/serviceaccounts/default`).then(() => true, () => false), 'the default service account', 60_000);
    await applyManifests(
      kube,
      parseManifests(
        manifestText(
          deployment(
            { name: 'web', namespace: NS },
            {
              replicas: 1,
              terminationGracePeriodSeconds: 1,
              containers: [{ name: 'main', imagePullPolicy: 'Never', command: ['sh', '-c', 'echo e2e-up; mkdir -p /www; echo hi-from-e2e > /www/index.html; exec httpd -f -p 8080 -h /www'] }],
            },
          ),
        ),
      ),
    );
  });

  suiteTeardown(async () => {
    await kube?.request('DELETE', `/api/v1/namespaces/${NS}`).catch(() => undefined);
    kube?.dispose();
  });

  test('(e2e) clusters: the selected context and the seeded namespace are rows', async () => {
    await vscode.commands.executeCommand('ansflow.selectKubeContext', context);
    const contexts = (await rows([])) ?? [];
    const mine = contexts.find((r) => r.label === context);
    assert.ok(mine, `context ${context} listed (rows: ${contexts.map((r) => r.label).join(', ')})`);
    assert.match(mine.description, /selected/);
    await waitFor(async () => (await rows([context]))?.some((r) => r.label === NS), `namespace ${NS} under ${context}`);
  });

  test('(e2e) clusters: the Deployment expands to its Running pod; scale adds one; logs and describe open', async function () {
    this.timeout(240_000);
    const webPath = [context, NS, 'Workloads', 'Deployments', 'web'];
    const running = async (n: number) => {
      const pods = ((await rows(webPath)) ?? []).filter((r) => r.node.type === 'resource' && r.description.startsWith('Running · 1/1'));
      return pods.length === n ? pods : undefined;
    };
    const [pod] = (await waitFor(() => running(1), 'one Running pod under Deployments > web', 180_000))!;
    assert.ok(pod!.contextValue.includes(';logs;') && pod!.contextValue.includes(';exec;'), pod!.contextValue);
    const web = ((await rows(webPath.slice(0, -1))) ?? []).find((r) => r.label === 'web')!;
    await vscode.commands.executeCommand('ansflow.kubeScale', web.node, 2);
    await waitFor(() => running(2), 'two Running pods after scaling to 2', 180_000);

    const term = await vscode.commands.executeCommand<string>('ansflow.kubeLogs', pod!.node);
    assert.equal(term, `logs ${pod!.label}/main`);
    await waitFor(() => vscode.window.terminals.find((t) => t.name === term), 'the logs terminal');
    const uri = await vscode.commands.executeCommand<string>('ansflow.kubeDescribe', pod!.node);
    const doc = (await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri), 'the describe document'))!;
    assert.equal(doc.uri.scheme, 'ansflow-kube');
    assert.match(doc.getText(), new RegExp(`^Name:\\s+${pod!.label}$`, 'm'));
    assert.match(doc.getText(), /^Events:$/m);
    const logUri = await vscode.commands.executeCommand<string>('ansflow.kubeLogsWithOptions', pod!.node, { follow: false, previous: false, tail: '10', since: '1h' });
    const log = (await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === logUri), 'the log document'))!;
    assert.match(log.getText(), /^e2e-up$/m);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('ansflow.kubeLogsWithOptions', pod!.node, { follow: true, previous: true, tail: '', since: '' })).then((r) => { if (r === undefined) throw new Error('refused'); }),
      /refused/,
      'following a previous container is refused',
    );
  });

  test('(e2e) clusters: port-forward to a pod answers on 127.0.0.1 and stops; delete with the exact name removes the pod row', async function () {
    this.timeout(240_000);
    const webPath = [context, NS, 'Workloads', 'Deployments', 'web'];
    const pods = async () => ((await rows(webPath)) ?? []).filter((r) => r.node.type === 'resource' && r.description.startsWith('Running · 1/1'));
    const [pod] = (await waitFor(async () => ((await pods()).length ? pods() : undefined), 'a Running pod', 180_000))!;
    const fwd = await vscode.commands.executeCommand<{ id: number; localPort: number }>('ansflow.kubePortForward', pod!.node, { remotePort: 8080, localPort: 0 });
    assert.ok(fwd && fwd.localPort > 0, JSON.stringify(fwd));
    const get = () =>
      new Promise<string>((resolve, reject) => {
        http.get(`http://127.0.0.1:${fwd.localPort}/index.html`, (res) => {
          let b = '';
          res.on('data', (c: Buffer) => (b += c.toString()));
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
    assert.equal(await get(), 'hi-from-e2e\n');
    assert.deepEqual(await vscode.commands.executeCommand('ansflow.kubeStopPortForward', [fwd.id]), [fwd.id]);
    await assert.rejects(get(), /ECONNREFUSED/, 'a stopped forward no longer listens');

    assert.equal(await vscode.commands.executeCommand('ansflow.kubeDelete', pod!.node, { name: 'not-the-name' }), false, 'a wrong name deletes nothing');
    assert.equal(await vscode.commands.executeCommand('ansflow.kubeDelete', pod!.node, { name: pod!.label, gracePeriodSeconds: 0 }), true);
    await waitFor(async () => !((await rows(webPath)) ?? []).some((r) => r.label === pod!.label), `pod ${pod!.label} gone from the rows`, 120_000);
  });

  test('(e2e) clusters: rollout restart from the command waits for the rollout and replaces every pod row', async function () {
    this.timeout(240_000);
    const webPath = [context, NS, 'Workloads', 'Deployments', 'web'];
    const running = async () => ((await rows(webPath)) ?? []).filter((r) => r.node.type === 'resource' && r.description.startsWith('Running · 1/1'));
    const before = (await waitFor(async () => ((await running()).length === 2 ? running() : undefined), 'two Running pods', 180_000))!.map((r) => r.label);
    const web = ((await rows(webPath.slice(0, -1))) ?? []).find((r) => r.label === 'web')!;
    await vscode.commands.executeCommand('ansflow.kubeRolloutRestart', web.node);
    // The command returns once the rollout is complete: new pods only, the old ones on their way out.
    await waitFor(async () => {
      const now = (await running()).map((r) => r.label);
      return now.length === 2 && now.every((n) => !before.includes(n));
    }, 'two new Running pods after the restart', 120_000);
  });
});
