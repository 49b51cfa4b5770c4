import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScannable, scanDocument, suppressionEdit } from '../../../../src/core/scan/documentScan.js';
import { RULE_FIXTURES } from './k8sFixtures.js';

const apply = (text: string, e: { start: number; end: number; newText: string }) => text.slice(0, e.start) + e.newText + text.slice(e.end);

test('scan editor: Kubernetes YAML and Dockerfiles are scanned; pipelines and other YAML are not', () => {
  assert.equal(isScannable('/w/k8s/app.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\n'), true);
  assert.equal(isScannable('/w/values.yaml', 'yaml', 'replicaCount: 1\n'), false);
  assert.equal(isScannable('/w/ci.ansflow.yaml', 'ansflow-pipeline', 'apiVersion: v1\nkind: Pod\n'), false);
  assert.equal(isScannable('/w/Dockerfile.prod', 'plaintext', 'FROM x\n'), true);
  assert.deepEqual(scanDocument('/w/Dockerfile', 'dockerfile', 'FROM node\nUSER node\nHEALTHCHECK NONE\n')!.map((f) => f.rule), ['dockerfile-latest-base']);
});

test('scan editor: the suppression actions silence the finding (object and file scope)', () => {
  const bad = RULE_FIXTURES['service-type-nodeport']![0];
  const f = scanDocument('/w/a.yaml', 'yaml', bad)!.find((x) => x.rule === 'service-type-nodeport')!;
  for (const scope of ['object', 'file'] as const) {
    const fixed = apply(bad, suppressionEdit(bad, f, scope));
    assert.equal(scanDocument('/w/a.yaml', 'yaml', fixed)!.some((x) => x.rule === 'service-type-nodeport'), false, scope);
    // Only that rule: the rest of the file is still checked.
    assert.ok(fixed.includes('ansflow-scan: ignore'));
  }
  const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: s }\n    spec: { type: NodePort }\n';
  const g = scanDocument('/w/l.yaml', 'yaml', list)!.find((x) => x.rule === 'service-type-nodeport')!;
  const fixedList = apply(list, suppressionEdit(list, g, 'object'));
  assert.equal(scanDocument('/w/l.yaml', 'yaml', fixedList)!.length, 0, fixedList);
});

test('scan editor: a file-level suppression goes below a Dockerfile\'s parser directives, which Docker reads only at the top', () => {
  const text = '# syntax=docker/dockerfile:1\n# escape=\\\nFROM node\nUSER node\nHEALTHCHECK NONE\n';
  const f = scanDocument('/w/Dockerfile', 'dockerfile', text)!.find((x) => x.rule === 'dockerfile-latest-base')!;
  const fixed = apply(text, suppressionEdit(text, f, 'file'));
  assert.ok(fixed.startsWith('# syntax=docker/dockerfile:1\n# escape=\\\n# ansflow-scan: ignore-file dockerfile-latest-base'), fixed);
  assert.equal(scanDocument('/w/Dockerfile', 'dockerfile', fixed)!.some((x) => x.rule === 'dockerfile-latest-base'), false);
});
