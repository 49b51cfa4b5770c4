// (unit) Usage in tree descriptions: nothing while the setting is off; a context is read when its rows
// are first drawn and again each tick only if rows were drawn since; hidden stops reading; a failed
// reading shows no figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromKubeletSummaries, TreeUsage, type KubeMetrics } from '../../../../../src/core/observability/metrics/index.js';

const reading = (cpuNano: number): KubeMetrics =>
  fromKubeletSummaries([{ node: { nodeName: 'n1', cpu: { usageNanoCores: cpuNano }, memory: { workingSetBytes: 1e9 } }, pods: [{ podRef: { name: 'web', namespace: 'shop' }, containers: [{ name: 'c', cpu: { usageNanoCores: cpuNano / 10 }, memory: { workingSetBytes: 1e6 } }] }] }]);

function harness(fail = false) {
  const reads: string[] = [];
  let changes = 0;
  let cpu = 100e6;
  const usage = new TreeUsage(
    async (context) => {
      reads.push(context);
      if (fail) throw new Error('metrics.k8s.io not served');
      return reading((cpu += 100e6));
    },
    { intervalMs: 3_600_000 },
  );
  usage.onDidChange(() => changes++);
  const changed = async (n: number) => {
    while (changes < n) await new Promise((r) => setImmediate(r));
  };
  return { usage, reads, changed, get changes() { return changes; } };
}

test('(unit) tree usage: off by default (no reads, no figures); on: rows drawn cause one reading, then figures', async () => {
  const h = harness();
  try {
    assert.equal(h.usage.usageOf('dev', 'Pod', 'web', 'shop'), undefined);
    assert.deepEqual(h.reads, []);
    h.usage.setEnabled(true);
    await h.changed(1);
    assert.equal(h.usage.usageOf('dev', 'Pod', 'web', 'shop'), undefined, 'not read yet');
    await h.changed(2);
    assert.deepEqual(h.reads, ['dev']);
    assert.equal(h.usage.usageOf('dev', 'Pod', 'web', 'shop')?.cpuMillicores, 20);
    assert.equal(h.usage.usageOf('dev', 'Node', 'n1')?.cpuMillicores, 200);
    assert.equal(h.usage.usageOf('dev', 'Deployment', 'web', 'shop'), undefined, 'only pods and nodes');
    assert.equal(h.usage.usageOf('dev', 'Pod', 'other', 'shop'), undefined);
  } finally {
    h.usage.dispose();
  }
});

test('(unit) tree usage: a tick reads only contexts drawn since the last reading; hidden reads nothing; off drops figures', async () => {
  const h = harness();
  try {
    h.usage.setEnabled(true);
    h.usage.usageOf('dev', 'Pod', 'web', 'shop');
    await h.changed(2);
    await h.usage.tick();
    assert.deepEqual(h.reads, ['dev'], 'not drawn since: not read');
    h.usage.usageOf('dev', 'Node', 'n1');
    await h.usage.tick();
    assert.deepEqual(h.reads, ['dev', 'dev']);
    assert.equal(h.usage.usageOf('dev', 'Node', 'n1')?.cpuMillicores, 300);
    h.usage.setVisible(false);
    assert.equal(h.usage.active, false);
    h.usage.usageOf('prod', 'Node', 'n1');
    assert.deepEqual(h.reads, ['dev', 'dev'], 'hidden: a new context is not read');
    h.usage.setEnabled(false);
    assert.equal(h.usage.usageOf('dev', 'Node', 'n1'), undefined);
  } finally {
    h.usage.dispose();
  }
});

test('(unit) tree usage: a context whose reading fails shows rows without figures', async () => {
  const h = harness(true);
  try {
    h.usage.setEnabled(true);
    h.usage.usageOf('dev', 'Pod', 'web', 'shop');
    await h.changed(2);
    assert.equal(h.usage.usageOf('dev', 'Pod', 'web', 'shop'), undefined);
  } finally {
    h.usage.dispose();
  }
});
