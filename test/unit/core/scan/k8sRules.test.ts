import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanManifest, scanManifests } from '../../../../src/core/scan/scanManifest.js';
import { ALL_RULES } from '../../../../src/core/scan/catalog.js';
import { HARDENED, markedLines, RULE_FIXTURES } from './k8sFixtures.js';

const K8S_RULES = ALL_RULES.filter((r) => !r.id.startsWith('dockerfile-') && !r.id.startsWith('image-'));

test('scan k8s: a hardened Deployment (with its NetworkPolicy and Service) reports nothing', () => {
  assert.deepEqual(scanManifest('/m.yaml', HARDENED), []);
});

test('scan k8s: every manifest rule has a reporting and a near-miss fixture', () => {
  assert.deepEqual(Object.keys(RULE_FIXTURES).sort(), K8S_RULES.map((r) => r.id).sort());
});

for (const [rule, [bad, good]] of Object.entries(RULE_FIXTURES)) {
  test(`scan k8s: ${rule} reports on the exact line`, () => {
    const hits = scanManifest('/m.yaml', bad).filter((f) => f.rule === rule);
    assert.deepEqual(hits.map((f) => f.line), markedLines(bad), JSON.stringify(hits));
  });
  test(`scan k8s: ${rule} does not report on its near miss`, () => {
    assert.deepEqual(scanManifest('/m.yaml', good).filter((f) => f.rule === rule), []);
  });
}

const POD = (extra: string) => `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
${extra}`;

test('scan k8s: init and ephemeral containers are checked; probes only for regular containers', () => {
  const text = POD(`  initContainers:
    - name: init
      image: busybox
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext: { privileged: true }
  containers: []
`);
  const f = scanManifest('/p.yaml', text);
  assert.deepEqual(f.filter((x) => x.rule === 'no-image-tag').map((x) => x.line), [7]);
  assert.deepEqual(f.filter((x) => x.rule === 'privileged').map((x) => x.line), [11]);
  assert.equal(f.some((x) => x.rule === 'no-liveness-probe'), false);
  // Ephemeral containers take no resources.
  assert.deepEqual(f.filter((x) => x.rule === 'no-resource-limits').map((x) => x.line), [6]);
});

test('scan k8s: List items and every pod-bearing kind (CronJob, StatefulSet, DaemonSet, ReplicaSet, Job)', () => {
  const container = (indent: string) => `${indent}containers:\n${indent}  - name: c\n${indent}    image: app:latest\n`;
  const text = `apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: CronJob
    metadata: { name: a }
    spec:
      jobTemplate:
        spec:
          template:
            spec:
${container('              ')}  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: { name: b }
    spec:
      template:
        spec:
${container('          ')}---
${['DaemonSet', 'ReplicaSet', 'Job'].map((k) => `apiVersion: apps/v1\nkind: ${k}\nmetadata: { name: x }\nspec:\n  template:\n    spec:\n${container('      ')}`).join('---\n')}`;
  const lines = scanManifest('/l.yaml', text).filter((x) => x.rule === 'latest-tag').map((x) => x.line);
  const expected = text.split('\n').flatMap((l, i) => (l.includes('app:latest') ? [i + 1] : []));
  assert.equal(expected.length, 5);
  assert.deepEqual(lines, expected);
});

test('scan k8s: columns are 1-based and point at the value', () => {
  const [f] = scanManifest('/m.yaml', RULE_FIXTURES['latest-tag']![0]).filter((x) => x.rule === 'latest-tag');
  assert.equal(f!.column, 18);
  assert.equal(f!.endColumn, 18 + 'registry.example/api:latest'.length);
});

test('scan k8s: a per-object suppression silences that object only; a per-file one the whole file', () => {
  const pod = (name: string, comment = '') => `${comment}apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: default }\nspec: { automountServiceAccountToken: false, containers: [] }\n`;
  const text = pod('a', '# ansflow-scan: ignore default-namespace — a demo pod\n') + '---\n' + pod('b');
  const hits = scanManifest('/s.yaml', text).filter((x) => x.rule === 'default-namespace');
  assert.deepEqual(hits.map((x) => x.line), [9]);
  const inline = pod('c').replace('default }', 'default } # ansflow-scan: ignore default-namespace, no-network-policy -- reason');
  assert.deepEqual(scanManifest('/s.yaml', inline).filter((x) => x.rule === 'default-namespace'), []);
  const fileWide = `# ansflow-scan: ignore-file default-namespace\n${pod('a')}---\n${pod('b')}`;
  assert.deepEqual(scanManifest('/s.yaml', fileWide).filter((x) => x.rule === 'default-namespace'), []);
});

test('scan k8s: the config file changes severities and turns rules off', () => {
  const bad = RULE_FIXTURES['latest-tag']![0];
  const f = scanManifest('/m.yaml', bad, { severities: { 'latest-tag': 'critical' } }).find((x) => x.rule === 'latest-tag');
  assert.equal(f?.severity, 'critical');
  assert.equal(scanManifest('/m.yaml', bad, { severities: { 'latest-tag': 'off' } }).some((x) => x.rule === 'latest-tag'), false);
});

test('scan k8s: NetworkPolicy coverage is judged across the files scanned together', () => {
  const [deploy, policy] = HARDENED.split('---\n');
  assert.equal(scanManifests([{ file: '/d.yaml', text: deploy! }, { file: '/n.yaml', text: policy! }]).length, 0);
  assert.deepEqual(scanManifests([{ file: '/d.yaml', text: deploy! }]).map((x) => x.rule), ['no-network-policy']);
});

test('scan k8s: quick fixes replace the offending value', () => {
  const bad = RULE_FIXTURES.privileged[0];
  const f = scanManifest('/m.yaml', bad).find((x) => x.rule === 'privileged')!;
  const fixed = bad.slice(0, f.quickFix!.edit.start) + f.quickFix!.edit.newText + bad.slice(f.quickFix!.edit.end);
  assert.equal(scanManifest('/m.yaml', fixed).some((x) => x.rule === 'privileged'), false);
});

test('scan k8s: non-manifest YAML and broken YAML report nothing and do not throw', () => {
  assert.deepEqual(scanManifest('/v.yaml', 'replicaCount: 2\nimage: { tag: latest }\n'), []);
  assert.deepEqual(scanManifest('/b.yaml', 'apiVersion: v1\nkind: Pod\nspec: [\n'), []);
});
