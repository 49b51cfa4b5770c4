// (unit) Following a target that cannot be read says why at once instead of waiting: a cluster that does
// not answer (a closed loopback port) rejects with the client's one-line message and leaves no watch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { KubeClient } from '../../../../src/core/clients/kubernetes/KubeClient.js';
import { LogMerger } from '../../../../src/core/logs/LogMerger.js';
import { followTarget } from '../../../../src/core/logs/mergedLogTarget.js';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

test('(unit) logs: following the pods of a cluster that does not answer fails with one clear line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-logs-kube-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:${await closedPort()}', insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
  const kube = KubeClient.load({ kubeconfig });
  t.after(() => kube.dispose());
  const merger = new LogMerger({ autoFlush: false });
  t.after(() => merger.dispose());
  await assert.rejects(followTarget(merger, { kind: 'pods', context: 'x', namespace: 'shop' }, { kube: () => kube, docker: () => assert.fail('no docker') }), (e: Error) => /Cannot reach the Kubernetes API/.test(e.message) && !e.message.includes('\n'));
  assert.deepEqual(merger.sources(), []);
});
