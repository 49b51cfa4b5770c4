// (integration) Security checks against real engines: a local image on the test dockerd, a chart rendered
// by the real helm, and a pipeline whose scan gate fails above its threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, helmPath, requireEngine, uniqueName } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { scanLocalImage } from '../../../src/core/scan/scanImage.js';
import { loadStepType } from '../../../src/core/runner/steps/index.js';
import type { StepContext } from '../../../src/core/contracts/StepType.js';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../../unit/helpers/memoryIO.js';

function build(tag: string, dockerfile: string): void {
  execFileSync('docker', ['build', '-q', '-t', tag, '-'], { input: dockerfile, stdio: ['pipe', 'ignore', 'inherit'] });
}

test('(integration) scan image: root user, secrets in Env/Labels/history and a privileged port on a built image (docker)', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const bad = `${uniqueName('ansflow-scan-bad')}:1`;
  const good = `${uniqueName('ansflow-scan-good')}:1`;
  try {
    build(bad, `FROM ${busyboxImage()}\nENV API_TOKEN=abc123 LOG_LEVEL=info\nLABEL db_password=hunter2\nRUN echo SECRET_KEY=s3cr3t > /dev/null\nEXPOSE 80 8080\n`);
    build(good, `FROM ${busyboxImage()}\nENV LOG_LEVEL=info\nEXPOSE 8080\nUSER 1000\n`);
    const docker = DockerClient.connect();
    const rules = (await scanLocalImage(docker, bad)).map((f) => f.rule).sort();
    assert.deepEqual(rules, ['image-privileged-port', 'image-root-user', 'image-secret-in-env', 'image-secret-in-history', 'image-secret-in-labels']);
    assert.deepEqual(await scanLocalImage(docker, good), []);
    // Secret values never reach the messages, only the names.
    assert.ok((await scanLocalImage(docker, bad)).every((f) => !/abc123|hunter2|s3cr3t/.test(f.message)));
    const io = memoryIO(tmpdir());
    assert.equal(await runCli(['scan', `image:${bad}`, '--format', 'json'], io), 1);
    assert.equal((JSON.parse(io.out()) as unknown[]).length, 5);
    const missing = memoryIO(tmpdir());
    assert.equal(await runCli(['scan', 'image:ansflow-scan-no-such:1'], missing), 2);
    assert.match(missing.err(), /^ansflow: error: image ansflow-scan-no-such:1: /);
  } finally {
    for (const tag of [bad, good]) execFileSync('docker', ['image', 'rm', '-f', tag], { stdio: 'ignore' });
  }
});

function stepContext(ws: string, with_: Record<string, unknown>, env: Record<string, string> = {}): { ctx: StepContext; logs: string[] } {
  const logs: string[] = [];
  const ctx = {
    runId: 'r', step: 'scan', stepId: 'scan', attempt: 1, with: with_, env: { PATH: process.env.PATH ?? '', ...env }, cwd: ws, workspace: ws,
    signal: new AbortController().signal, secrets: {}, dryRun: false,
    executor: { kind: 'local', run: () => Promise.reject(new Error('no processes')) },
    log: (_s: string, text: string) => void logs.push(text),
    progress: () => undefined, setOutput: () => undefined, requestApproval: () => Promise.resolve('approved'),
  } as unknown as StepContext;
  return { ctx, logs };
}

test('(integration) scan chart: helm template output, findings mapped back to the template lines (helm)', async (t) => {
  if (!requireEngine(t, 'helm')) return;
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-scan-chart-'));
  try {
    const chart = join(ws, 'charts', 'api');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: api\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'values.yaml'), 'image: registry.example/api:latest\nprivileged: true\n');
    writeFileSync(join(chart, 'templates', 'deployment.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: {{ .Values.image | quote }}
          securityContext:
            privileged: {{ .Values.privileged }}
`);
    const step = (await loadStepType('scan'))!;
    const { ctx, logs } = stepContext(ws, { target: 'chart', path: 'charts/api', failOn: 'critical', report: 'out/chart.json' }, { ANSFLOW_HELM_PATH: helmPath() });
    const r = await step.run(ctx);
    assert.equal(r.exitCode, 1, logs.join(''));
    const text = logs.join('');
    assert.match(text, /^scan charts\/api\/templates\/deployment\.yaml:16:13: critical privileged: /m);
    assert.match(text, /^scan charts\/api\/templates\/deployment\.yaml:14:11: medium latest-tag: /m);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('(integration) scan gate: a pipeline fails above its threshold and passes with failOn never', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-scan-gate-'));
  try {
    mkdirSync(join(ws, 'k8s'));
    writeFileSync(join(ws, 'k8s', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  hostPID: true\n  containers: [{ name: c, image: "busybox:1.36" }]\n');
    const pipeline = (failOn: string) => `version: 1\nname: gate\nsteps:\n  scan:\n    type: scan\n    with: { target: manifest, path: k8s/, failOn: ${failOn} }\n  release:\n    type: shell\n    needs: scan\n    with: { run: echo released }\n`;
    writeFileSync(join(ws, 'high.ansflow.yaml'), pipeline('high'));
    writeFileSync(join(ws, 'never.ansflow.yaml'), pipeline('never'));
    const failing = memoryIO(ws);
    assert.equal(await runCli(['run', 'high.ansflow.yaml', '--no-color'], failing), 1);
    assert.match(failing.out() + failing.err(), /findings? at or above high: .*host-pid/);
    assert.doesNotMatch(failing.out(), /^released$/m);
    const passing = memoryIO(ws);
    assert.equal(await runCli(['run', 'never.ansflow.yaml', '--no-color'], passing), 0, passing.out() + passing.err());
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
