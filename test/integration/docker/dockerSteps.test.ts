// docker.build / docker.run / docker.push step types and the container executor against the real dockerd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { recordingContext } from './recordingContext.js';
import { dockerBuildStep } from '../../../src/core/runner/steps/docker/dockerBuildStep.js';
import { dockerRunStep } from '../../../src/core/runner/steps/docker/dockerRunStep.js';
import { dockerPushStep } from '../../../src/core/runner/steps/docker/dockerPushStep.js';
import { ContainerExecutor } from '../../../src/core/runner/executors/ContainerExecutor.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';

const FIX = join(__dirname, 'fixtures');

test('(integration) docker.build then docker.run detached (healthy, 127.0.0.1) and to completion', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const tag = `${uniqueName('ansflow-step')}:1`;
  const net = uniqueName('ansflow-stepnet');
  const netId = await docker.createNetwork(net);
  t.after(async () => {
    await docker.removeImage(tag, { force: true }).catch(() => undefined);
    await docker.removeNetwork(netId).catch(() => undefined);
  });
  const b = recordingContext({ context: 'app', tags: [tag], buildArgs: { BASE: busyboxImage(), GREETING: 'step' }, target: 'final' }, FIX);
  const built = await dockerBuildStep.run(b);
  assert.equal(built.exitCode, 0, built.message);
  assert.match(built.outputs!.imageId, /^sha256:/);
  assert.equal(built.outputs!.tags, tag);
  assert.ok(b.progresses.some((p) => p.fraction !== undefined && /^Step \d+\/\d+/.test(p.message)));

  const r = recordingContext({ image: tag, detach: true, ports: ['8080'], network: net, waitForHealth: true, timeout: '30s' }, FIX);
  const ran = await dockerRunStep.run(r);
  assert.equal(ran.exitCode, 0, ran.message + r.text());
  t.after(() => docker.removeContainer(ran.outputs!.containerId, { force: true }).catch(() => undefined));
  const info = await docker.inspectContainer(ran.outputs!.containerId);
  assert.equal(info.State.Health?.Status, 'healthy');
  assert.match(ran.outputs!.address, /^127\.0\.0\.1:\d+$/);
  assert.equal(await (await fetch(`http://${ran.outputs!.address}/`)).text(), 'step from ansflow\n');

  const c = recordingContext({ image: tag, command: ['sh', '-c', 'echo out; echo err >&2; ls /data; exit 4'], volumes: ['./app:/data:ro'], env: { A: 'b' } }, FIX);
  const done = await dockerRunStep.run(c);
  assert.equal(done.exitCode, 4);
  assert.match(c.text('stdout'), /out\n[\s\S]*Dockerfile/);
  assert.equal(c.text('stderr'), 'err\n');
  assert.equal((await docker.listContainers({ filters: { id: [done.outputs!.containerId] } })).length, 0, 'removed after the run');
});

test('(integration) docker.build failure gives a file:line error and a located message', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const ctx = recordingContext({ context: 'app', dockerfile: 'Dockerfile.fail', tags: [`${uniqueName('ansflow-bad')}:1`] }, FIX);
  const out = await dockerBuildStep.run(ctx);
  assert.equal(out.exitCode, 1);
  assert.match(out.message ?? '', /Dockerfile\.fail:4$/);
  assert.ok(ctx.text('system').startsWith(`${join(FIX, 'app', 'Dockerfile.fail')}:4: error:`));
});

test('(integration) docker.run cancel stops and removes the container', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const name = uniqueName('ansflow-cancel');
  const ctx = recordingContext({ image: busyboxImage(), name, command: 'sh -c "echo begin; sleep 30"' }, FIX);
  const p = dockerRunStep.run(ctx);
  for (let i = 0; i < 100 && !ctx.text().includes('begin'); i++) await new Promise((r) => setTimeout(r, 50));
  ctx.abort.abort();
  await assert.rejects(p, (e: Error) => e.name === 'CancellationError');
  assert.equal((await docker.listContainers({ filters: { name: [name] } })).length, 0);
});

test('(integration) docker.push tags for `registry` and fails clearly when the registry is unreachable', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const repo = uniqueName('ansflow-push');
  await docker.tagImage(busyboxImage(), repo, '1');
  t.after(async () => {
    await docker.removeImage(`${repo}:1`).catch(() => undefined);
    await docker.removeImage(`127.0.0.1:1/${repo}:1`).catch(() => undefined);
  });
  const ctx = recordingContext({ image: repo, tags: ['1'], registry: '127.0.0.1:1' }, FIX);
  const out = await dockerPushStep.run(ctx);
  assert.equal(out.exitCode, 1);
  assert.match(out.message ?? '', /push 127\.0\.0\.1:1\/.*(connection refused|dial tcp)/i);
  await docker.inspectImage(`127.0.0.1:1/${repo}:1`);
});

test('(integration) container executor: workspace mounted, output streamed, stdin, exit code, removed; cancel removes too', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-cexec-'));
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  writeFileSync(join(ws, 'in.txt'), 'from host\n');
  const outFile = join(mkdtempSync(join(tmpdir(), 'ansflow-out-')), 'outputs');
  const ex = new ContainerExecutor({ image: busyboxImage(), pull: 'never' }, { workspace: ws, killGraceMs: 1000 });
  const ctx = recordingContext({}, ws, { runId: uniqueName('run'), env: { GREETING: 'hi', ANSFLOW_OUTPUT: outFile, PATH: '/host/only' } });
  const r = await ex.run({ command: 'sh', args: ['-c', 'cat in.txt; echo "$GREETING $PATH" ; echo oops >&2; cat; echo result=42 > "$ANSFLOW_OUTPUT"; echo made > made.txt; exit 3'], input: 'piped\n' }, ctx);
  assert.equal(r.exitCode, 3);
  assert.equal(ctx.text('stdout'), 'from host\nhi ' + '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\npiped\n');
  assert.equal(ctx.text('stderr'), 'oops\n');
  assert.equal(readFileSync(join(ws, 'made.txt'), 'utf8'), 'made\n');
  assert.equal(readFileSync(outFile, 'utf8'), 'result=42\n');
  assert.equal((await docker.listContainers({ filters: { label: [`ansflow.run=${ctx.runId}`] } })).length, 0);

  const c2 = recordingContext({}, ws, { runId: uniqueName('run') });
  const p = ex.run({ command: 'sh', args: ['-c', 'echo go; sleep 30'] }, c2);
  for (let i = 0; i < 100 && !c2.text().includes('go'); i++) await new Promise((r) => setTimeout(r, 50));
  c2.abort.abort();
  await assert.rejects(p, (e: Error) => e.name === 'CancellationError');
  assert.equal((await docker.listContainers({ filters: { label: [`ansflow.run=${c2.runId}`] } })).length, 0);
});
