import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDocuments } from '../../../../src/core/scan/manifestChunks.js';
import { NetworkPolicyIndex } from '../../../../src/core/scan/networkPolicyIndex.js';
import { ManifestCache, scanManifest, scanManifestFile, scanManifests, type ManifestFileScan } from '../../../../src/core/scan/scanManifest.js';
import type { ScanFinding } from '../../../../src/core/scan/types.js';
import { excludedBy, MAX_FILE_BYTES, worthScanning } from '../../../../src/core/scan/workspaceFiles.js';
import { WorkspaceScanner } from '../../../../src/core/scan/workspaceScan.js';
import { HARDENED, RULE_FIXTURES } from './k8sFixtures.js';

const [DEPLOY, POLICY] = HARDENED.split('---\n') as [string, string];
const byPlace = (a: ScanFinding, b: ScanFinding) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
// The order inside a file scan is not part of its contract (the judged findings are sorted).
const sorted = (s: ManifestFileScan) => ({ ...s, findings: [...s.findings].sort(byPlace), candidates: [...s.candidates].sort((a, b) => byPlace(a.finding, b.finding)), policies: [...s.policies].sort() });
const rules = (fs: readonly { rule: string }[] | undefined) => (fs ?? []).map((f) => f.rule);

test('scan documents: a text splits at its `---` lines into chunks that join back to it, with their lines', () => {
  const text = 'a: 1\n---\nb: |\n  x\n--- # c\nc: 3\n...\n--- \r\nd: 4';
  const chunks = splitDocuments(text);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  assert.deepEqual(chunks.map((c) => [c.line, c.offset]), [[1, 0], [2, 5], [5, 18], [8, 35]]);
  assert.equal(splitDocuments('--x: 1\n----\n').length, 1);
  // A directive belongs to the document after it: the text stays whole.
  assert.equal(splitDocuments('%YAML 1.2\n---\na: 1\n---\nb: 2\n').length, 1);
});

test('scan documents: a multi-document file scanned document by document finds what the whole text finds: each document\'s findings moved down by its first line', () => {
  const docs = Object.values(RULE_FIXTURES).map(([bad]) => bad);
  const text = docs.join('---\n');
  // Coverage is judged over the whole file (tested below): left out here.
  const whole = scanManifest('/m.yaml', text).filter((f) => f.rule !== 'no-network-policy');
  let line = 1;
  let offset = 0;
  const expected = docs.flatMap((d, i) => {
    const start = line + (i ? 1 : 0);
    const at = offset + (i ? 4 : 0);
    line = start + d.split('\n').length - 1;
    offset = at + d.length;
    return scanManifest('/m.yaml', d)
      .filter((f) => f.rule !== 'no-network-policy')
      .map((f) => ({ ...f, line: f.line + start - 1, endLine: f.endLine + start - 1, objectLine: f.objectLine! + start - 1, ...(f.quickFix ? { quickFix: { ...f.quickFix, edit: { ...f.quickFix.edit, start: f.quickFix.edit.start + at, end: f.quickFix.edit.end + at } } } : {}) }));
  });
  assert.ok(whole.length >= 15, String(whole.length));
  // Scanned document by document (the cached path) it finds exactly what one parse of the whole text finds.
  assert.deepEqual(sorted(scanManifestFile('/m.yaml', text, new ManifestCache())), sorted(scanManifestFile('/m.yaml', text)));
  assert.deepEqual(whole, expected.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
  for (const f of whole) if (f.quickFix) assert.match(text.slice(f.quickFix.edit.start, f.quickFix.edit.end), /\S/, f.rule);
});

test('scan cache: a rescan after a one-line edit parses only the edited document and finds what a fresh scan finds', () => {
  const text = [HARDENED, HARDENED.replaceAll('name: api', 'name: b'), HARDENED.replaceAll('name: api', 'name: c')].join('---\n');
  const cache = new ManifestCache();
  scanManifestFile('/m.yaml', text, cache);
  assert.deepEqual([cache.hits, cache.misses], [0, 9]);
  const edited = text.replace('runAsUser: 10001', 'runAsUser: 0');
  const again = scanManifestFile('/m.yaml', edited, cache);
  assert.deepEqual([cache.hits, cache.misses], [8, 10]);
  assert.deepEqual(sorted(again), sorted(scanManifestFile('/m.yaml', edited)));
  assert.deepEqual(rules(again.findings), ['run-as-root']);
  // Another file's identical documents are not shared: each file keeps its own last version.
  scanManifestFile('/other.yaml', text, cache);
  assert.equal(cache.misses, 19);
});

test('scan policies: a NetworkPolicy covers its namespace; unnamespaced ones cover every workload', () => {
  const index = new NetworkPolicyIndex();
  assert.equal(index.covers(''), false);
  assert.equal(index.set('/a.yaml', ['shop']), true);
  assert.equal(index.set('/a.yaml', ['shop', 'shop']), false);
  assert.deepEqual([index.covers('shop'), index.covers(''), index.covers('other')], [true, true, false]);
  assert.equal(index.set('/b.yaml', ['shop']), false, 'a second policy in the same namespace changes no coverage');
  assert.equal(index.delete('/a.yaml'), false);
  assert.equal(index.delete('/b.yaml'), true);
  index.set('/c.yaml', ['']);
  assert.equal(index.covers('other'), true);
});

test('scan policies: `ansflow scan` and the step judge coverage per namespace over the files given', () => {
  const other = POLICY.replace('namespace: shop', 'namespace: web');
  assert.deepEqual(rules(scanManifests([{ file: '/d.yaml', text: DEPLOY }, { file: '/n.yaml', text: other }])), ['no-network-policy']);
  assert.deepEqual(scanManifests([{ file: '/d.yaml', text: DEPLOY }, { file: '/n.yaml', text: other }, { file: '/p.yaml', text: POLICY }]), []);
  assert.deepEqual(scanManifests([{ file: '/d.yaml', text: DEPLOY }, { file: '/n.yaml', text: POLICY.replace('  namespace: shop\n', '') }]), []);
});

test('scan workspace: a NetworkPolicy in another file clears no-network-policy for its namespace only, and comes back when removed', () => {
  const ws = new WorkspaceScanner();
  assert.deepEqual(ws.update('file:///w/deploy.yaml', '/w/deploy.yaml', 'yaml', DEPLOY), { scanned: true, coverageChanged: false });
  assert.deepEqual(rules(ws.findings('file:///w/deploy.yaml')), ['no-network-policy']);

  assert.equal(ws.update('file:///w/other-ns.yaml', '/w/other-ns.yaml', 'yaml', POLICY.replace('namespace: shop', 'namespace: web')).coverageChanged, true);
  assert.deepEqual(rules(ws.findings('file:///w/deploy.yaml')), ['no-network-policy']);

  assert.equal(ws.update('file:///w/policy.yaml', '/w/policy.yaml', 'yaml', POLICY).coverageChanged, true);
  assert.deepEqual(ws.findings('file:///w/deploy.yaml'), []);
  assert.deepEqual(ws.manifestKeys().sort(), ['file:///w/deploy.yaml', 'file:///w/other-ns.yaml', 'file:///w/policy.yaml']);

  // The policy file edited into something else: the coverage goes with it.
  assert.deepEqual(ws.update('file:///w/policy.yaml', '/w/policy.yaml', 'yaml', 'replicaCount: 1\n'), { scanned: false, coverageChanged: true });
  assert.equal(ws.has('file:///w/policy.yaml'), false);
  assert.deepEqual(rules(ws.findings('file:///w/deploy.yaml')), ['no-network-policy']);
  ws.update('file:///w/policy.yaml', '/w/policy.yaml', 'yaml', POLICY);
  assert.equal(ws.remove('file:///w/policy.yaml'), true);
  assert.deepEqual(rules(ws.findings('file:///w/deploy.yaml')), ['no-network-policy']);

  ws.update('file:///w/Dockerfile', '/w/Dockerfile', 'dockerfile', 'FROM node\nUSER node\nHEALTHCHECK NONE\n');
  assert.deepEqual(rules(ws.findings('file:///w/Dockerfile')), ['dockerfile-latest-base']);
  assert.equal(ws.findings('file:///w/none.yaml'), undefined);
  // A deleted folder is one event: its files are found by prefix.
  ws.update('file:///w2/x.yaml', '/w2/x.yaml', 'yaml', DEPLOY);
  assert.deepEqual(ws.keysUnder('file:///w').sort(), ['file:///w/Dockerfile', 'file:///w/deploy.yaml', 'file:///w/other-ns.yaml']);
  assert.deepEqual(ws.keysUnder('file:///w/deploy.yaml'), ['file:///w/deploy.yaml']);
});

test('scan workspace files: exclude settings hide files and folders; conditional and false entries are not applied; a size cap', () => {
  const hidden = excludedBy({ '**/node_modules': true, '**/*.tmp.yaml': true, '**/*.js': { when: '$(basename).ts' } }, { 'charts/vendor': true, 'k8s': false });
  assert.equal(hidden('node_modules/x/deploy.yaml'), true);
  assert.equal(hidden('a/node_modules/deploy.yaml'), true);
  assert.equal(hidden('k8s/app.tmp.yaml'), true);
  assert.equal(hidden('charts/vendor/templates/d.yaml'), true);
  assert.equal(hidden('k8s/deploy.yaml'), false);
  assert.equal(hidden('charts/vendored.yaml'), false);
  assert.equal(hidden('build/app.js'), false);
  assert.equal(excludedBy(undefined, {})('x.yaml'), false);

  assert.equal(worthScanning('/w/k8s/app.yaml', 100), true);
  assert.equal(worthScanning('/w/Dockerfile.prod', 100), true);
  assert.equal(worthScanning('/w/ci.ansflow.yaml', 100), false);
  assert.equal(worthScanning('/w/notes.md', 100), false);
  assert.equal(worthScanning('/w/big.yaml', MAX_FILE_BYTES + 1), false);
});
