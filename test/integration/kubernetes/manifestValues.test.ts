// (integration) kubernetes.apply / kubernetes.delete through the real parser and runner against the
// real apiserver: `${{ }}` in a manifest file is a YAML value, so a value with newlines and `---`
// neither adds fields nor applies a second object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../engines.js';
import { startPipelineFile } from './startPipelineFile.js';
import { KubeClient, deleteResource, getResource, listResources } from '../../../src/core/clients/kubernetes/index.js';

test('(integration) kubernetes.apply: a value with a newline and `---` stays one string; no forged field or object', async (t) => {
  if (!requireEngine(t, 'kube')) return;
  const ns = `vals-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kvals-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${{ params.name }}\ndata:\n  count: "${{ params.count }}"\n  note: ${{ params.note }}\n');
  const note = 'hello\n  evil: injected\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: forged}';
  const text = `version: 1
name: kube-values
params:
  name: { type: string, default: cfg }
  note: { type: string, default: "" }
  count: { type: number, default: 3 }
steps:
  ns:
    type: kubernetes.apply
    with:
      manifest: { apiVersion: v1, kind: Namespace, metadata: { name: ${ns} } }
  apply:
    type: kubernetes.apply
    needs: [ns]
    with:
      manifests: [cm.yaml]
      namespace: ${ns}
`;
  const { done, logs } = startPipelineFile(dir, 'p.ansflow.yaml', text, { note });
  const kube = KubeClient.load();
  try {
    const summary = await done;
    assert.equal(summary.status, 'success', logs.join(''));
    const names = (await listResources(kube, 'configmaps', { namespace: ns })).items.map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt');
    assert.deepEqual(names, ['cfg'], 'a value applied another object');
    const cm = await getResource(kube, 'configmap', 'cfg', ns);
    assert.deepEqual((cm as unknown as { data: Record<string, string> }).data, { note, count: '3' });
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
  }
});
