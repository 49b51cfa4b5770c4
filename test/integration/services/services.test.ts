// `services:` on the test dockerd: busybox httpd services reached by name from a container-executor
// step and by a published loopback port from a local step; everything removed after success,
// failure, a failed health check and a cancel; leftovers of a dead runner swept at the next run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import { RunStore } from '../../../src/core/runner/store/RunStore.js';
import { RunHistory } from '../../../src/core/runner/store/RunHistory.js';
import { EnvFileSecretProvider } from '../../../src/core/runner/secrets/SecretProvider.js';
import type { RunEvent } from '../../../src/core/contracts/events.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { OWNER_LABEL, RUN_LABEL, SERVICE_LABEL } from '../../../src/core/runner/services/servicePlan.js';

const SECRET = 's3cr3t-svc-value';

/** A busybox httpd serving `text` on 8080, healthy once it answers. */
function web(text: string, extra = ''): string {
  return `
      web:
        image: ${busyboxImage()}
        command: mkdir -p /www && echo "${text}" > /www/index.html && echo "pw=$PW" && httpd -f -v -p 8080 -h /www
        env: { PW: "\${{ secrets.pw }}" }
        ports: [8080]
        healthcheck: { cmd: "wget -qO- http://127.0.0.1:8080/", interval: 200ms, retries: 50 }
        startTimeout: 30s${extra}`;
}

function setup() {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-svc-'));
  const store = new RunStore({ root: join(ws, '.ansflow', 'runs') });
  return { ws, store, history: new RunHistory(store) };
}

async function run(ws: string, store: RunStore, body: string, onEvent?: (e: RunEvent, cancel: () => void) => void) {
  const yaml = `version: 1\nname: services\nsecrets:\n  pw: { from: env, env: ANSFLOW_TEST_SVC_PW }\nsteps:${body}\n`;
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, yaml);
  const parsed = parsePipeline(yaml, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  const events: RunEvent[] = [];
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test', store, secrets: new EnvFileSecretProvider({ env: { ANSFLOW_TEST_SVC_PW: SECRET }, baseDir: ws }) });
  handle.onEvent((e) => {
    events.push(e);
    onEvent?.(e, () => handle.cancel('test cancel'));
  });
  const summary = await handle.done;
  const logs = events.filter((e) => e.type === 'step-log').map((e) => (e as { text: string }).text).join('');
  // What an assertion shows when the run went another way.
  const why = `${logs}\n${JSON.stringify({ error: summary.error, steps: summary.steps.map((s) => [s.step, s.status, s.reason]) })}`;
  return { summary, events, logs, why };
}

/** Service containers and networks the run left on the engine. */
async function leftOf(docker: DockerClient, runId: string): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  const networks = (await docker.listNetworks()).filter((n) => n.Labels?.[RUN_LABEL] === runId);
  return [...containers.map((c) => c.Names[0]!), ...networks.map((n) => n.Name)];
}

test('(integration) services: reached by name from a container step and by port from a local step; logs kept and masked; nothing left', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const { ws, store, history } = setup();
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const { summary, logs, why } = await run(
    ws,
    store,
    `
  inContainer:
    type: shell
    executor: { kind: container, image: ${busyboxImage()}, pull: never }
    services:${web('hello-by-name')}
    with:
      shell: sh
      run: |
        echo "host=$ANSFLOW_SERVICE_WEB_HOST"
        echo "expr=\${{ services.web.host }}:\${{ services.web.port }}"
        echo "page=$(wget -qO- http://$ANSFLOW_SERVICE_WEB_HOST:$ANSFLOW_SERVICE_WEB_PORT/)" >> "$ANSFLOW_OUTPUT"
  onHost:
    type: node
    env: { URL: "http://\${{ services.web.host }}:\${{ services.web.ports['8080'] }}/" }
    services:${web('hello-by-port')}
    with:
      script: |
        const { ANSFLOW_SERVICE_WEB_HOST: h, ANSFLOW_SERVICE_WEB_PORT: p } = process.env;
        fetch('http://' + h + ':' + p + '/').then((r) => r.text()).then((t) => require('fs').appendFileSync(process.env.ANSFLOW_OUTPUT, 'page=' + t.trim() + '\\nhost=' + h + '\\nport=' + p + '\\nurl=' + process.env.URL + '\\n'));`,
  );
  assert.equal(summary.status, 'success', why);
  const rec = history.getRun(summary.runId)!;
  const byId = Object.fromEntries(rec.steps.map((s) => [s.step, s]));
  assert.equal(byId.inContainer!.outputs?.page, 'hello-by-name');
  assert.equal(byId.onHost!.outputs?.page, 'hello-by-port');
  assert.equal(byId.onHost!.outputs?.host, '127.0.0.1');
  assert.match(logs, /host=web\n/);
  assert.match(logs, /expr=web:8080\n/, 'services.* in a script, evaluated once the services run');
  assert.match(byId.onHost!.outputs?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(byId.onHost!.outputs?.url, `http://127.0.0.1:${byId.onHost!.outputs?.port}/`, 'the expression and ANSFLOW_SERVICE_WEB_PORT agree');
  assert.notEqual(new URL(byId.onHost!.outputs!.url!).port, '8080', 'the published port, not the container port');
  const stored = history.readLog(summary.runId, 'inContainer')!;
  assert.match(stored, /log of service 'web':\n[\s\S]*pw=\*\*\*/);
  assert.ok(!stored.includes(SECRET), 'the service env value is masked in its kept log');
  assert.deepEqual(await leftOf(docker, summary.runId), []);
});

test('(integration) services: removed after a failing step, and a failing health check fails the step naming the service and its last check', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const { ws, store } = setup();
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const failing = await run(ws, store, `\n  boom:\n    type: shell\n    services:${web('x')}\n    with: { shell: sh, run: 'test -n "$ANSFLOW_SERVICE_WEB_PORT" && exit 3' }`);
  assert.equal(failing.summary.status, 'failed', failing.why);
  assert.equal(failing.summary.steps.find((s) => s.step === 'boom')?.exitCode, 3, failing.logs);
  assert.deepEqual(await leftOf(docker, failing.summary.runId), []);

  const sick = await run(
    ws,
    store,
    `\n  sick:\n    type: shell\n    services:\n      db:\n        image: ${busyboxImage()}\n        command: sleep 600\n        healthcheck: { cmd: "echo not-listening-yet; exit 1", interval: 200ms, retries: 2 }\n    with: { shell: sh, run: 'echo should-not-run' }`,
  );
  assert.equal(sick.summary.status, 'failed', sick.why);
  const reason = sick.summary.steps.find((s) => s.step === 'sick')?.reason ?? '';
  assert.match(reason, /service 'db' did not start: unhealthy; last health check exit 1: not-listening-yet/);
  assert.ok(!sick.logs.includes('should-not-run'));
  assert.deepEqual(await leftOf(docker, sick.summary.runId), []);
});

test('(integration) services: removed after a cancel while the step runs and while waiting for a health check', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const { ws, store } = setup();
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  let runId = '';
  let seenWhileRunning: string[] = [];
  const { summary, why } = await run(ws, store, `\n  long:\n    type: shell\n    services:${web('x')}\n    with: { shell: sh, run: 'echo step-is-running; sleep 60' }`, (e, cancel) => {
    if (e.type === 'run-start') runId = e.runId;
    if (e.type === 'step-log' && e.text.includes('step-is-running')) {
      void leftOf(docker, runId).then((l) => {
        seenWhileRunning = l;
        cancel();
      });
    }
  });
  assert.equal(summary.status, 'cancelled', why);
  assert.equal(seenWhileRunning.length, 2, 'a container and a network while the step ran');
  assert.deepEqual(await leftOf(docker, summary.runId), []);

  // Cancelled while still waiting for a service that never turns healthy.
  let waiting: string[] = [];
  const early = await run(
    ws,
    store,
    `\n  never:\n    type: shell\n    services:\n      db:\n        image: ${busyboxImage()}\n        command: sleep 600\n        healthcheck: { cmd: "exit 1", interval: 200ms, retries: 1000 }\n        startTimeout: 5m\n    with: { shell: sh, run: 'echo should-not-run' }`,
    (e, cancel) => {
      if (e.type === 'run-start') runId = e.runId;
      if (e.type === 'step-log' && e.text.includes("starting service 'db'")) {
        void leftOf(docker, runId).then((l) => {
          waiting = l;
          cancel();
        });
      }
    },
  );
  assert.equal(early.summary.status, 'cancelled', early.why);
  assert.equal(waiting.length, 2, 'a container and a network while waiting for its health');
  assert.ok(!early.logs.includes('should-not-run'));
  assert.deepEqual(await leftOf(docker, early.summary.runId), []);
});

test('(integration) services: leftovers of a killed runner are swept at the next run, those of a live runner stay', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const { ws, store } = setup();
  const dead = spawnSync('true').pid!;
  const deadOwner = `${hostname()}/${dead}`;
  const liveOwner = `${hostname()}/${process.pid}`;
  const made: Array<{ net: string; id: string }> = [];
  for (const owner of [deadOwner, liveOwner]) {
    const net = uniqueName('ansflow-svc-left');
    const labels = { [SERVICE_LABEL]: '1', [RUN_LABEL]: `old-${owner}`, [OWNER_LABEL]: owner };
    await docker.createNetwork(net, { labels });
    const id = await docker.createContainer({ name: net, Image: busyboxImage(), Cmd: ['sleep', '600'], Labels: labels, HostConfig: { NetworkMode: net } });
    await docker.startContainer(id);
    made.push({ net, id });
  }
  t.after(async () => {
    for (const m of made) {
      await docker.removeContainer(m.id, { force: true }).catch(() => undefined);
      await docker.removeNetwork(m.net).catch(() => undefined);
    }
    rmSync(ws, { recursive: true, force: true });
  });
  const { summary, logs, why } = await run(ws, store, `\n  next:\n    type: shell\n    services:\n      s: { image: ${busyboxImage()}, command: sleep 600 }\n    with: { shell: sh, run: 'true' }`);
  assert.equal(summary.status, 'success', why);
  assert.match(logs, new RegExp(`removed services left by a stopped runner: .*${made[0]!.net}`));
  const names = (await docker.listContainers({ all: true })).map((c) => c.Names[0]!.slice(1));
  const networks = (await docker.listNetworks()).map((n) => n.Name);
  assert.ok(!names.includes(made[0]!.net) && !networks.includes(made[0]!.net), 'the dead runner’s leftovers are gone');
  assert.ok(names.includes(made[1]!.net) && networks.includes(made[1]!.net), 'a live runner’s services stay');
});

test('(integration) services: a runner killed mid-step leaves its services; the next run with services removes them', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const { ws, store } = setup();
  const file = join(ws, 'killed.ansflow.yaml');
  writeFileSync(file, `version: 1\nsteps:\n  hold:\n    type: shell\n    services:\n      s: { image: ${busyboxImage()}, command: sleep 600 }\n    with: { shell: sh, run: 'echo holding-services; sleep 600' }\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'runnerToKill.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const owner = `${hostname()}/${child.pid}`;
  t.after(async () => {
    child.kill('SIGKILL');
    for (const c of await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${owner}`] } })) await docker.removeContainer(c.Id, { force: true }).catch(() => undefined);
    for (const n of (await docker.listNetworks()).filter((x) => x.Labels?.[OWNER_LABEL] === owner)) await docker.removeNetwork(n.Id).catch(() => undefined);
    rmSync(ws, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('holding-services')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the runner ended (${code}) before its step ran: ${out}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  const byOwner = async () => [
    ...(await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${owner}`] } })).map((c) => c.Names[0]!),
    ...(await docker.listNetworks()).filter((n) => n.Labels?.[OWNER_LABEL] === owner).map((n) => n.Name),
  ];
  assert.equal((await byOwner()).length, 2, 'the killed runner left its service container and network');
  const { summary, why } = await run(ws, store, `\n  next:\n    type: shell\n    services:\n      s: { image: ${busyboxImage()}, command: sleep 600 }\n    with: { shell: sh, run: 'true' }`);
  assert.equal(summary.status, 'success', why);
  assert.deepEqual(await byOwner(), []);
});
