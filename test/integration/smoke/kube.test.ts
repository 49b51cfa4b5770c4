// Smoke test: @kubernetes/client-node 1.x against the test kube-apiserver — create a ConfigMap in a fresh
// namespace and see it arrive through a watch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { requireEngine, testKubeconfigPath, uniqueName } from '../engines.js';

/** Rejects after ms so a missing watch event fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

test('(integration) client-node creates a ConfigMap in a fresh namespace and sees it through a watch', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const kc = new KubeConfig();
  kc.loadFromFile(testKubeconfigPath());
  const core = kc.makeApiClient(CoreV1Api);
  const namespace = uniqueName('smoke-kube');
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  // Without a controller-manager a deleted namespace stays Terminating; the per-run etcd is discarded anyway.
  t.after(() => core.deleteNamespace({ name: namespace }).catch(() => undefined));

  let onAdded: (cm: V1ConfigMap) => void = () => undefined;
  let onDone: (err: unknown) => void = () => undefined;
  const added = new Promise<V1ConfigMap>((resolve, reject) => {
    onAdded = resolve;
    onDone = (err) => reject(new Error(`watch ended before the ConfigMap arrived: ${String(err)}`));
  });
  const watch = new Watch(kc);
  const abort = await watch.watch(
    `/api/v1/namespaces/${namespace}/configmaps`,
    {},
    (phase, obj: V1ConfigMap) => {
      if (phase === 'ADDED' && obj.metadata?.name === 'smoke') onAdded(obj);
    },
    (err) => onDone(err),
  );
  t.after(() => abort.abort());

  const created = await core.createNamespacedConfigMap({
    namespace,
    body: { metadata: { name: 'smoke', labels: { app: 'ansflow-smoke' } }, data: { greeting: 'hello' } },
  });
  const seen = await within(added, 15_000, 'ConfigMap ADDED event');
  assert.equal(seen.metadata?.uid, created.metadata?.uid);
  assert.deepEqual(seen.data, { greeting: 'hello' });

  const read = await core.readNamespacedConfigMap({ name: 'smoke', namespace });
  assert.equal(read.metadata?.labels?.app, 'ansflow-smoke');
  await core.deleteNamespacedConfigMap({ name: 'smoke', namespace });
});
