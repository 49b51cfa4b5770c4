// (integration) Alert rules on the test apiserver and kubelet: a crash-looping pod (busybox `exit 1`,
// restartPolicy Always) in this test's own namespace fires the pod-restarts rule through the rule's
// own informer, once, pointing at the pod; the node-not-ready rule stays quiet on the ready node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { KubeClient, applyManifests, deleteResource, parseManifests } from '../../../src/core/clients/kubernetes/index.js';
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
