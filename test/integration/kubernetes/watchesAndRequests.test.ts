// (integration) Long-lived watch streams and ordinary requests on one client: a tree with many expanded
// kinds, alert informers and followed logs keeps a watch open per collection for minutes. A request
// (a list, an access review) must never queue behind them (the e2e Clusters check once hung on a Pods
// list that never came back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireEngine } from '../engines.js';
import { KubeClient } from '../../../src/core/clients/kubernetes/index.js';

test('(integration) kube client: 40 open watches do not hold up a list or an access review', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kube = KubeClient.load({});
  const abort = new AbortController();
  t.after(() => {
    abort.abort();
    kube.dispose();
  });
  // Each stream is started and its first event read (so the request is on the wire), then left open.
  const firstEvents: Array<Promise<unknown>> = [];
  for (let i = 0; i < 40; i++) {
    const it = kube.streamLines('/api/v1/namespaces', { query: { watch: 1, timeoutSeconds: 600 }, signal: abort.signal })[Symbol.asyncIterator]();
    firstEvents.push(it.next().catch(() => undefined));
  }
  await firstEvents[0];
  const guard = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('a request waited behind the open watches for 30 s')), 30_000).unref());
  const list = await Promise.race([kube.request<{ items: unknown[] }>('GET', '/api/v1/namespaces'), guard]);
  assert.ok(list.items.length > 0);
  const review = await Promise.race([
    kube.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'pods' } } },
    }),
    guard,
  ]);
  assert.equal(typeof review.status?.allowed, 'boolean');
});
