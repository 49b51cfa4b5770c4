// trivy and grype cannot be installed here: their readers are tested on reports written from the
// documented JSON formats (see the doubles table in README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGrypeReport, parseTrivyReport, vulnScanCommand } from '../../../../src/core/scan/vulnScanners.js';

const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: 'web:1',
  ArtifactType: 'container_image',
  Results: [
    { Target: 'web:1 (debian 12.5)', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: [
      { VulnerabilityID: 'CVE-2024-0001', PkgName: 'openssl', InstalledVersion: '3.0.11-1', FixedVersion: '3.0.13-1', Severity: 'CRITICAL', Title: 'openssl: a flaw' },
      { VulnerabilityID: 'CVE-2024-0002', PkgName: 'zlib1g', InstalledVersion: '1:1.2.13', Severity: 'UNKNOWN' },
    ] },
    { Target: 'app/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: null },
  ],
});

const GRYPE = JSON.stringify({
  matches: [
    { vulnerability: { id: 'GHSA-xxxx-yyyy', severity: 'High', description: 'prototype pollution', fix: { versions: ['4.17.21'], state: 'fixed' } }, artifact: { name: 'lodash', version: '4.17.15', type: 'npm' } },
    { vulnerability: { id: 'CVE-2023-9', severity: 'Negligible', fix: { versions: [], state: 'not-fixed' } }, artifact: { name: 'libc6', version: '2.36', type: 'deb' } },
  ],
  source: { type: 'image', target: { userInput: 'web:1' } },
});

test('scan vulns: a trivy JSON report becomes findings (severity, package, fixed version)', () => {
  const f = parseTrivyReport('web:1', TRIVY);
  assert.deepEqual(f.map((x) => [x.file, x.rule, x.severity, x.message, x.fix]), [
    ['image:web:1', 'CVE-2024-0001', 'critical', 'openssl 3.0.11-1: openssl: a flaw', 'Upgrade openssl to 3.0.13-1.'],
    ['image:web:1', 'CVE-2024-0002', 'low', 'zlib1g 1:1.2.13: CVE-2024-0002', 'No fixed version of zlib1g yet.'],
  ]);
});

test('scan vulns: a grype JSON report becomes findings', () => {
  assert.deepEqual(parseGrypeReport('web:1', GRYPE).map((x) => [x.rule, x.severity, x.fix]), [
    ['GHSA-xxxx-yyyy', 'high', 'Upgrade lodash to 4.17.21.'],
    ['CVE-2023-9', 'low', 'No fixed version of libc6 yet.'],
  ]);
});

test('scan vulns: commands are built as data; a failed run or non-JSON output is a one-line error', () => {
  const t = vulnScanCommand('trivy', '/usr/bin/trivy', 'web:1');
  assert.deepEqual([t.command, ...t.args], ['/usr/bin/trivy', 'image', '--quiet', '--format', 'json', 'web:1']);
  assert.deepEqual(vulnScanCommand('grype', 'grype', 'web:1').args, ['-q', '-o', 'json', 'docker:web:1']);
  assert.throws(() => t.parse('', 'FATAL image not found\n', 1), /trivy exited with code 1: FATAL image not found/);
  assert.throws(() => t.parse('not json', '', 0), /trivy did not print a JSON report/);
});
