import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext } from '../../../../src/core/contracts/StepType.js';
import { loadStepType } from '../../../../src/core/runner/steps/index.js';
import { ProblemScanner } from '../../../../src/core/problems/index.js';
import { RULE_FIXTURES } from './k8sFixtures.js';

function context(ws: string, with_: Record<string, unknown>) {
  const logs: string[] = [];
  const progress: Array<{ message: string; detail?: Record<string, unknown> }> = [];
  const ctx = {
    runId: 'r1', step: 'scan', stepId: 'scan', attempt: 1, with: with_, env: {}, cwd: ws, workspace: ws,
    signal: new AbortController().signal, secrets: {}, dryRun: false,
    executor: { kind: 'local', run: () => Promise.reject(new Error('no processes')) },
    log: (_s: string, t: string) => void logs.push(t),
    progress: (message: string, _f?: number, detail?: Record<string, unknown>) => void progress.push({ message, detail }),
    setOutput: () => undefined,
    requestApproval: () => Promise.resolve('approved'),
  } as unknown as StepContext;
  return { ctx, logs, progress };
}

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-scan-step-'));
  mkdirSync(join(ws, 'k8s'));
  writeFileSync(join(ws, 'k8s', 'app.yaml'), RULE_FIXTURES['run-as-root']![0]);
  writeFileSync(join(ws, 'k8s', 'values.yaml'), 'replicaCount: 1\n');
  return ws;
}

test('scan step: registered, fails at the threshold, with progress events, outputs and a JSON report', async () => {
  const ws = workspace();
  try {
    const step = (await loadStepType('scan'))!;
    assert.equal(step.type, 'scan');
    const { ctx, logs, progress } = context(ws, { target: 'manifest', path: ['k8s/'], failOn: 'high', report: 'out/scan.json' });
    const r = await step.run(ctx);
    assert.equal(r.exitCode, 1);
    assert.match(r.message!, /1 finding at or above high: run-as-root/);
    assert.equal(r.outputs?.high, '1');
    assert.equal(r.outputs?.findings, '1');
    assert.deepEqual(progress.map((p) => (p.detail?.scan as { rule: string }).rule), ['run-as-root']);
    const report = JSON.parse(readFileSync(join(ws, 'out/scan.json'), 'utf8')) as Array<{ file: string; line: number; rule: string }>;
    assert.deepEqual(report.map((f) => [f.file, f.line, f.rule]), [[join('k8s', 'app.yaml'), 16, 'run-as-root']]);
    // The log lines become Problems-panel entries at the file and line.
    const scanner = new ProblemScanner({ cwd: ws });
    const problems = [...scanner.push(logs.join('')), ...scanner.end()];
    assert.deepEqual(problems.map((p) => [p.file, p.line, p.code, p.source, p.severity]), [[join(ws, 'k8s', 'app.yaml'), 16, 'run-as-root', 'scan', 'error']]);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('scan step: failOn never and ignore pass; a raised threshold passes', async () => {
  const ws = workspace();
  try {
    const step = (await loadStepType('scan'))!;
    assert.equal((await step.run(context(ws, { target: 'manifest', path: 'k8s', failOn: 'never' }).ctx)).exitCode, 0);
    assert.equal((await step.run(context(ws, { target: 'manifest', path: 'k8s', ignore: ['run-as-root'] }).ctx)).exitCode, 0);
    assert.equal((await step.run(context(ws, { target: 'manifest', path: 'k8s', failOn: 'critical' }).ctx)).exitCode, 0);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('scan step: the workspace config file sets severities', async () => {
  const ws = workspace();
  try {
    writeFileSync(join(ws, '.ansflow-scan.yaml'), 'rules:\n  run-as-root: low\n');
    const step = (await loadStepType('scan'))!;
    const r = await step.run(context(ws, { target: 'manifest', path: 'k8s' }).ctx);
    assert.equal(r.exitCode, 0);
    assert.equal(r.outputs?.low, '1');
    writeFileSync(join(ws, '.ansflow-scan.yaml'), 'rules:\n  run-as-root: severe\n');
    const bad = await step.run(context(ws, { target: 'manifest', path: 'k8s' }).ctx);
    assert.equal(bad.exitCode, 1);
    assert.match(bad.message!, /run-as-root: 'severe' is not one of/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('scan step: a missing path and a missing image are one-line errors', async () => {
  const ws = workspace();
  try {
    const step = (await loadStepType('scan'))!;
    assert.match((await step.run(context(ws, { target: 'manifest', path: 'nope/' }).ctx)).message!, /nope does not exist/);
    assert.deepEqual(step.validate!({ target: 'image' }).map((p) => p.key), ['image']);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
