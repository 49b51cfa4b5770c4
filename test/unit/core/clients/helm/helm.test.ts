import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeReleaseConfigMap, decodeReleaseSecret, getInstallArgs, getRollbackArgs, getUninstallArgs, helmError, helmRepoAdd, helmRepoList, parseLintOutput, findHelm, helmInstall } from '../../../../../src/core/clients/helm/index.js';

const release = { name: 'web', namespace: 'prod', version: 3, info: { status: 'deployed', notes: 'hi', first_deployed: 't0', last_deployed: 't1', description: 'Upgrade complete' }, chart: { metadata: { name: 'demo', version: '1.2.3', appVersion: '9.9' }, values: { a: 1 } }, config: { a: 2 }, manifest: '---\nkind: ConfigMap\n' };
const encoded = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');

test('(unit) Helm release decoding: Secret data is base64 of the base64 release string; ConfigMap data is the string itself', () => {
  const fromSecret = decodeReleaseSecret({ metadata: { namespace: 'prod' }, data: { release: Buffer.from(encoded).toString('base64') } });
  assert.deepEqual([fromSecret.name, fromSecret.revision, fromSecret.status, fromSecret.chartName, fromSecret.chartVersion, fromSecret.appVersion, fromSecret.notes, fromSecret.storage], ['web', 3, 'deployed', 'demo', '1.2.3', '9.9', 'hi', 'secret']);
  assert.deepEqual(fromSecret.values, { a: 2 });
  assert.deepEqual(fromSecret.chartValues, { a: 1 });
  const fromCm = decodeReleaseConfigMap({ metadata: { namespace: 'prod' }, data: { release: encoded } });
  assert.equal(fromCm.manifest, release.manifest);
  // Old releases may be stored without gzip.
  const plain = decodeReleaseConfigMap({ metadata: {}, data: { release: Buffer.from(JSON.stringify(release)).toString('base64') } });
  assert.equal(plain.revision, 3);
});

test('(unit) helm install/upgrade argument builders', () => {
  assert.deepEqual(getInstallArgs('upgrade', { release: 'web', chart: './c', namespace: 'p', kubeContext: 'k', install: true, createNamespace: true, version: '1.0.0', valuesFiles: ['a.yaml', 'b.yaml'], set: { 'image.tag': 'v2', replicas: 3 }, atomic: true, wait: true, timeout: 90, dryRun: true }), [
    'upgrade', 'web', './c', '--namespace', 'p', '--kube-context', 'k', '--install', '--create-namespace', '--version', '1.0.0', '--values', 'a.yaml', '--values', 'b.yaml', '--set', 'image.tag=v2', '--set', 'replicas=3', '--atomic', '--wait', '--timeout', '90s', '--dry-run', '--output', 'json',
  ]);
  assert.deepEqual(getInstallArgs('install', { release: 'r', chart: 'repo/c', install: true, timeout: '5m' }), ['install', 'r', 'repo/c', '--timeout', '5m', '--output', 'json']);
  assert.deepEqual(getRollbackArgs({ release: 'r', revision: 2, wait: true }), ['rollback', 'r', '2', '--wait']);
  assert.deepEqual(getRollbackArgs({ release: 'r' }), ['rollback', 'r']);
  assert.deepEqual(getUninstallArgs({ release: 'r', namespace: 'n', keepHistory: true, dryRun: true }), ['uninstall', 'r', '--namespace', 'n', '--keep-history', '--dry-run']);
});

test('(unit) helm output parsers: JSON release, errors, repo list without repos, lint lines, password via stdin', () => {
  const cmd = helmInstall('helm', { release: 'web', chart: 'c' });
  assert.equal(cmd.parse(JSON.stringify(release), '', 0).revision, 3);
  assert.throws(() => cmd.parse('', 'WARNING: x\nError: INSTALLATION FAILED: cannot re-use a name that is still in use\n', 1), /helm install failed: INSTALLATION FAILED: cannot re-use a name/);
  assert.equal(helmError('x', 'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:1"', 1).code, 'engine-unreachable');
  assert.deepEqual(helmRepoList('helm').parse('', 'Error: no repositories to show\n', 1), []);
  assert.deepEqual(parseLintOutput('==> Linting ./c\n[INFO] Chart.yaml: icon is recommended\n[ERROR] templates/cm.yaml: unable to parse YAML\n'), [
    { severity: 'info', path: 'Chart.yaml', message: 'icon is recommended' },
    { severity: 'error', path: 'templates/cm.yaml', message: 'unable to parse YAML' },
  ]);
  const add = helmRepoAdd('helm', 'r', 'https://charts.example', { username: 'u', password: 'p' });
  assert.ok(!add.args.includes('p') && add.args.includes('--password-stdin') && add.input === 'p');
});

test('(unit) findHelm: missing helm is tool-not-found with install advice', () => {
  assert.throws(() => findHelm(undefined, { PATH: '/nonexistent', HOME: '/nonexistent' }), (e: Error & { code?: string; hint?: string }) => e.code === 'tool-not-found' && /Install Helm 3/.test(e.hint!));
});
