import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';
import { HARDENED, RULE_FIXTURES } from '../core/scan/k8sFixtures.js';

function workspace(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-scan-cli-'));
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'app.yaml'), RULE_FIXTURES.privileged[0]);
  writeFileSync(join(dir, 'k8s', 'values.yaml'), 'replicaCount: 1\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node\nUSER node\nHEALTHCHECK NONE\n');
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('(unit) cli scan: JSON findings with 1-based positions; exit 1 at the threshold', async () => {
  const ws = workspace();
  try {
    const io = memoryIO(ws.dir);
    assert.equal(await runCli(['scan', 'k8s', 'Dockerfile', '--format', 'json'], io), 1);
    const out = JSON.parse(io.out()) as Array<Record<string, unknown>>;
    assert.deepEqual(out, [
      { file: 'Dockerfile', line: 1, column: 1, rule: 'dockerfile-latest-base', severity: 'medium', message: out[0]!.message },
      { file: 'k8s/app.yaml', line: 27, column: 13, rule: 'privileged', severity: 'critical', message: out[1]!.message },
    ]);
  } finally {
    ws.done();
  }
});

test('(unit) cli scan: --severity-threshold decides the exit code; never always passes', async () => {
  const ws = workspace();
  try {
    assert.equal(await runCli(['scan', 'Dockerfile', '--severity-threshold', 'high'], memoryIO(ws.dir)), 0);
    assert.equal(await runCli(['scan', 'Dockerfile', '--severity-threshold', 'medium'], memoryIO(ws.dir)), 1);
    assert.equal(await runCli(['scan', '--severity-threshold', 'never'], memoryIO(ws.dir)), 0);
    const bad = memoryIO(ws.dir);
    assert.equal(await runCli(['scan', '--severity-threshold', 'severe'], bad), 2);
    assert.match(bad.err(), /^ansflow: error: --severity-threshold expects one of low, medium, high, critical, never, got 'severe'$/m);
  } finally {
    ws.done();
  }
});

test('(unit) cli scan: text lines are file:line:col and a summary goes to stderr', async () => {
  const ws = workspace();
  try {
    const io = memoryIO(ws.dir);
    await runCli(['scan', '--ignore', 'dockerfile-latest-base'], io);
    assert.match(io.out(), /^scan k8s\/app\.yaml:27:13: critical privileged: /m);
    assert.match(io.out(), /^ {4}fix: Set securityContext\.privileged: false/m);
    assert.match(io.err(), /2 targets scanned: 1 critical/);
  } finally {
    ws.done();
  }
});

test('(unit) cli scan: SARIF 2.1.0 with the rules used and regions', async () => {
  const ws = workspace();
  try {
    const io = memoryIO(ws.dir);
    await runCli(['scan', 'k8s', '--format', 'sarif'], io);
    const log = JSON.parse(io.out()) as { version: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }> };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['privileged']);
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]), [['privileged', 'error', 'k8s/app.yaml', 27]]);
  } finally {
    ws.done();
  }
});

test('(unit) cli scan: the config file sets severities; a missing target is a usage error', async () => {
  const ws = workspace();
  try {
    writeFileSync(join(ws.dir, '.ansflow-scan.yaml'), 'rules:\n  privileged: low\n');
    assert.equal(await runCli(['scan', 'k8s'], memoryIO(ws.dir)), 0);
    const io = memoryIO(ws.dir);
    assert.equal(await runCli(['scan', 'nope.yaml'], io), 2);
    assert.equal(io.err(), 'ansflow: error: nope.yaml does not exist\n');
    writeFileSync(join(ws.dir, 'k8s', 'app.yaml'), HARDENED);
    assert.equal(await runCli(['scan', 'k8s', '--format', 'json'], memoryIO(ws.dir)), 0);
  } finally {
    ws.done();
  }
});
