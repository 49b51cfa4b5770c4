// A wire-level double of the watch protocol (chunked JSON lines, ERROR event with a 410 Status) for
// the one path the real apiserver cannot be made to produce on demand in a test: an expired
// resourceVersion. The rest of the cache is tested against the real apiserver in test/integration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeClient, ResourceCache, fromRaw } from '../../../../../src/core/clients/kubernetes/index.js';

test('(unit) ResourceCache re-lists after a 410 ERROR event and reconnects with backoff after a dropped stream', async () => {
  const requests: string[] = [];
  let lists = 0;
  let watches = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    requests.push(url.search);
    res.setHeader('Content-Type', 'application/json');
    if (url.searchParams.get('watch') !== '1') {
      lists++;
      res.end(JSON.stringify({ kind: 'ConfigMapList', metadata: { resourceVersion: String(100 * lists) }, items: [{ metadata: { name: `cm-list${lists}`, namespace: 'n', resourceVersion: String(100 * lists) } }] }));
      return;
    }
    watches++;
    if (watches === 1) {
      res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', namespace: 'n', resourceVersion: '101' } } }) + '\n');
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
    } else if (watches === 2) {
      res.destroy(); // dropped connection: reconnect from the last version after a backoff
    } else {
      res.write(JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'cm-list2', namespace: 'n', resourceVersion: '201' } } }) + '\n');
      res.write(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '250' } } }) + '\n');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kube = new KubeClient(fromRaw({ clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }], 'current-context': 'c' }, []));
  const cache = new ResourceCache(kube, 'configmaps', { namespace: 'n', backoffMs: 20 });
  const events: string[] = [];
  const errors: string[] = [];
  cache.onDidError((e) => { errors.push(e.message); if (process.env.DEBUG_RC) console.error(e); });
  const sub = cache.onDidChange((e) => events.push(e.type === 'sync' || e.type === 'page' ? `${e.type}:${e.objects.length}` : `${e.type}:${e.object.metadata.name}`));
  try {
    const end = Date.now() + 5000;
    while (!events.includes('modified:cm-list2') && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(events, ['sync:1', 'added:a', 'sync:1', 'modified:cm-list2']);
    assert.equal(lists, 2, 'exactly one re-list, caused by the 410');
    assert.equal(errors.length, 1, 'the dropped stream is reported once');
    assert.ok(requests.some((q) => q.includes('resourceVersion=200') && q.includes('watch=1')), 'the reconnect resumes from the re-list version');
    assert.deepEqual(cache.items().map((o) => o.metadata.name), ['cm-list2']);
  } finally {
    sub.dispose();
    cache.dispose();
    kube.dispose();
    server.closeAllConnections();
    server.close();
  }
});
