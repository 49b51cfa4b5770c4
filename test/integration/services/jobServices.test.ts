// `services:` on a job, on the test dockerd: one set per job instance, shared by the instance's
// steps (by port from a local step, by name from a container step), gone before what needs the job
// starts, after success and after a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import { RunStore } from '../../../src/core/runner/store/RunStore.js';
import { RunHistory } from '../../../src/core/runner/store/RunHistory.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { RUN_LABEL } from '../../../src/core/runner/services/servicePlan.js';

/** A job `t` over n=a,b whose busybox httpd serves `svc-<n>-<uuid drawn at its start>`. */
const JOB = (steps: string, after = '') => `version: 1
name: job-services
jobs:
  t:
    matrix: { n: [a, b] }
    services:
      web:
        image: ${busyboxImage()}
        command: mkdir -p /www && echo "svc-$N-$(cat /proc/sys/kernel/random/uuid)" > /www/index.html && echo "web-up-$N" && httpd -f -p 8080 -h /www
        env: { N: "\${{ matrix.n }}" }
        ports: [8080]
        healthcheck: { cmd: "wget -qO- http://127.0.0.1:8080/", interval: 200ms, retries: 50 }
        startTimeout: 30s
    steps:${steps}
steps:
  after:
    type: shell
    needs: t
    if: always()
    with: { run: 'true' }${after}
`;

async function leftOf(docker: DockerClient, runId: string): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  const networks = (await docker.listNetworks()).filter((n) => n.Labels?.[RUN_LABEL] === runId);
  return [...containers.map((c) => c.Names[0]!), ...networks.map((n) => n.Name)];
}

async function run(text: string) {
  const docker = DockerClient.connect();
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-job-svc-'));
  const store = new RunStore({ root: join(ws, '.ansflow', 'runs') });
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, text);
  const parsed = parsePipeline(text, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const handle = runPipeline(parsed, { workspace: ws, store, trigger: 'test' });
  // What the engine holds for the run when `after` (which needs the job) starts.
  let atAfter: Promise<string[]> | undefined;
  const logs: string[] = [];
  handle.onEvent((e) => {
    if (e.type === 'step-start' && e.step === 'after') atAfter = leftOf(docker, handle.runId);
    if (e.type === 'step-log') logs.push(e.text);
  });
  const summary = await handle.done;
  const why = `${logs.join('')}\n${JSON.stringify(summary.steps.map((s) => [s.step, s.status, s.reason]))}`;
  return { docker, ws, summary, why, atAfter: await atAfter, left: await leftOf(docker, summary.runId), history: new RunHistory(store) };
}

test('(integration) job services: one set per job instance, shared by its local and container steps, gone before what needs the job', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const r = await run(
    JOB(`
      byPort:
        type: node
        with:
          script: |
            const { ANSFLOW_SERVICE_WEB_HOST: h, ANSFLOW_SERVICE_WEB_PORT: p } = process.env;
            fetch('http://' + h + ':' + p + '/').then((r) => r.text()).then((t) => require('fs').appendFileSync(process.env.ANSFLOW_OUTPUT, 'page=' + t.trim() + '\\nhost=' + h + '\\n'));
      byName:
        type: shell
        executor: { kind: container, image: ${busyboxImage()}, pull: never }
        with:
          shell: sh
          run: |
            echo "host=\${{ services.web.host }}" >> "$ANSFLOW_OUTPUT"
            echo "page=$(wget -qO- http://web:8080/)" >> "$ANSFLOW_OUTPUT"`),
  );
  t.after(() => rmSync(r.ws, { recursive: true, force: true }));
  assert.equal(r.summary.status, 'success', r.why);
  const out = (k: string) => r.summary.steps.find((s) => s.step === k)!.outputs;
  for (const n of ['a', 'b']) {
    const local = out(`byPort[n=${n}]`);
    const container = out(`byName[n=${n}]`);
    assert.match(local.page ?? '', new RegExp(`^svc-${n}-[0-9a-f-]{36}$`), r.why);
    assert.equal(container.page, local.page, 'both steps of the instance reach the same service');
    assert.equal(local.host, '127.0.0.1');
    assert.equal(container.host, 'web');
  }
  assert.notEqual(out('byPort[n=a]').page, out('byPort[n=b]').page, 'each job instance has its own');
  assert.deepEqual(r.atAfter, [], 'removed before the step that needs the job started');
  assert.deepEqual(r.left, []);
  // The services' output is kept with the step that started them.
  const kept = r.summary.steps.filter((s) => s.step.startsWith('byPort')).map((s) => r.history.readLog(r.summary.runId, s.step) ?? '').join('\n');
  assert.match(kept, /log of service 'web':\n[\s\S]*web-up-a/);
  assert.match(kept, /web-up-b/);
});

test('(integration) job services: removed after a failing step of the job', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const r = await run(
    JOB(`
      boom: { type: shell, with: { run: 'test -n "$ANSFLOW_SERVICE_WEB_PORT" && exit 3' } }
      never: { type: shell, with: { run: 'echo should-not-run' } }`),
  );
  t.after(() => rmSync(r.ws, { recursive: true, force: true }));
  assert.equal(r.summary.status, 'failed', r.why);
  // One instance fails; failFast may cancel the other one while it runs.
  assert.ok(r.summary.steps.some((s) => s.step.startsWith('boom') && s.exitCode === 3), r.why);
  assert.ok(!r.why.includes('should-not-run'));
  assert.deepEqual(r.atAfter, []);
  assert.deepEqual(r.left, []);
});
