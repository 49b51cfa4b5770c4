// (unit) The Helm tree actions' pure parts: --set input, the rollback preview and question, helm test
// arguments. Running them against real helm is in test/integration/helm/helmTree.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTestArgs, type HelmRelease } from '../../../../../src/core/clients/helm/index.js';
import { parseSetPairs, rollbackPreview, rollbackQuestion } from '../../../../../src/core/views/helm/index.js';

test('(unit) --set input: key=value pairs split on commas and new lines; anything else is refused with an example', () => {
  assert.deepEqual(parseSetPairs('image.tag=v2, replicas=3\nurl=http://x/?a=b'), { 'image.tag': 'v2', replicas: '3', url: 'http://x/?a=b' });
  assert.deepEqual(parseSetPairs('  '), {});
  assert.throws(() => parseSetPairs('a=1, oops'), (e: Error & { code?: string; hint?: string }) => e.code === 'invalid-input' && /"oops" is not a key=value pair/.test(e.message) && /image\.tag=v2/.test(e.hint!));
  assert.throws(() => parseSetPairs('=x'), /not a key=value pair/);
});

test('(unit) rollback preview: latest vs target manifest, refused for the latest or a missing revision', () => {
  const rev = (revision: number, manifest: string) => ({ name: 'web', namespace: 'shop', revision, manifest }) as HelmRelease;
  const history = [rev(1, 'a\nb\n'), rev(3, 'a\nc\nd\n'), rev(2, 'a\n')];
  const p = rollbackPreview(history, 1);
  assert.deepEqual([p.current.revision, p.target.revision, p.stats], [3, 1, { added: 1, removed: 2 }]);
  assert.equal(rollbackQuestion(p), 'Roll back web (namespace shop) from revision 3 to revision 1? The manifest changes by +1 −2 lines.');
  assert.throws(() => rollbackPreview(history, 3), /already the latest/);
  assert.throws(() => rollbackPreview(history, 9), /Revision 9 is not stored/);
  assert.match(rollbackQuestion(rollbackPreview([rev(1, 'x\n'), rev(2, 'x\n')], 1)), /manifests are identical/);
});

test('(unit) helm test arguments', () => {
  assert.deepEqual(getTestArgs({ release: 'web', namespace: 'shop', kubeContext: 'k', timeout: 60, logs: true }), ['test', 'web', '--namespace', 'shop', '--kube-context', 'k', '--timeout', '60s', '--logs']);
});
