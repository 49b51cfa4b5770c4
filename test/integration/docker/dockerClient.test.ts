// DockerClient against the real test dockerd: build (with .dockerignore, build args, target), run with
// a port on 127.0.0.1, logs, exec, stats, events, images, networks, volumes, failures with locations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { DockerBuildError } from '../../../src/core/clients/docker/dockerBuild.js';
import { ToolError } from '../../../src/core/contracts/result.js';

const APP = join(__dirname, 'fixtures', 'app');

test('(integration) docker client: build, run on 127.0.0.1, logs, exec, stats, events, cleanup', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  await docker.ping();
  const tag = `${uniqueName('ansflow-it')}:1`;
  const net = uniqueName('ansflow-net');
  const name = uniqueName('ansflow-c');
  const progress: string[] = [];
  const events: string[] = [];
  const evAbort = new AbortController();
  const evDone = (async () => {
    try {
      for await (const ev of docker.events({ filters: { type: ['container'], container: [name] }, signal: evAbort.signal })) events.push(ev.Action);
    } catch {
      // aborted
    }
  })();
  let id: string | undefined;
  try {
    const built = await docker.build({ context: APP, tags: [tag], buildArgs: { BASE: busyboxImage(), GREETING: 'hi' }, target: 'final', onProgress: (p) => progress.push(p.text) });
    assert.match(built.imageId, /^sha256:[0-9a-f]{64}$/);
    assert.ok(progress.some((l) => /^Step 1\/\d+ : ARG BASE/.test(l)));
    const img = await docker.inspectImage(tag);
    assert.equal(img.Id, built.imageId);
    assert.ok((await docker.imageHistory(tag)).length >= 3);

    const netId = await docker.createNetwork(net);
    t.after(() => docker.removeNetwork(netId).catch(() => undefined));
    id = await docker.createContainer({
      name,
      Image: tag,
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { NetworkMode: net, PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    await docker.startContainer(id);
    const info = await docker.inspectContainer(id);
    const binding = info.NetworkSettings.Ports['8080/tcp']![0];
    assert.equal(binding.HostIp, '127.0.0.1');
    let body = '';
    for (let i = 0; i < 50 && !body; i++) {
      body = await fetch(`http://127.0.0.1:${binding.HostPort}/`).then((r) => r.text()).catch(() => '');
      if (!body) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(body, 'hi from ansflow\n');

    // .dockerignore kept secret-dir and NOTES.md out, KEEP.md back in
    const ls = await docker.execCollect(id, ['ls', '-A', '/ctx']);
    assert.equal(ls.exitCode, 0);
    assert.deepEqual(ls.stdout.trim().split(/\s+/).sort(), ['.dockerignore', 'Dockerfile', 'Dockerfile.fail', 'KEEP.md', 'data.txt']);
    const fail = await docker.execCollect(id, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual(fail, { exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    // The shell waits for the resize to arrive (up to 30 s) instead of a fixed window before reading the size.
    const tty = await docker.exec(id, ['sh', '-c', 'test -t 1 || exit 9; i=0; while [ "$(stty size)" != "30 100" ] && [ $i -lt 600 ]; do i=$((i+1)); sleep 0.05; done; stty size'], { tty: true });
    await tty.resize(100, 30);
    let ttyOut = '';
    for await (const c of tty.output()) ttyOut += c.text;
    assert.match(ttyOut, /30 100/);
    assert.equal(await tty.exitCode(), 0);

    const logs = [];
    for await (const c of docker.logs(id, { tail: 'all' })) logs.push(c);
    // stdout and stderr are separate files in the log driver: their relative order is not guaranteed.
    assert.deepEqual(logs.filter((c) => c.text.trim()).map((c) => `${c.stream}:${c.text.trim()}`).sort(), ['stderr:warn', 'stdout:started']);
    // follow: the consumer stops early and the stream is closed (counted: an empty stream must not pass)
    let followed = 0;
    for await (const c of docker.logs(id, { follow: true, tail: 1 })) {
      followed++;
      assert.ok(['stdout:started', 'stderr:warn'].includes(`${c.stream}:${c.text.trim()}`));
      break;
    }
    assert.equal(followed, 1, 'following the logs yields a chunk');
    let sampled = 0;
    for await (const s of docker.stats(id)) {
      sampled++;
      assert.ok(s.memoryBytes > 0);
      break;
    }
    assert.equal(sampled, 1, 'stats yield a sample');
    assert.ok((await docker.listContainers({ filters: { name: [name] } })).length === 1);
    await docker.restartContainer(id, 1);
    await docker.stopContainer(id, 1);
    assert.equal((await docker.inspectContainer(id)).State.Running, false);
  } finally {
    if (id) await docker.removeContainer(id, { force: true });
    evAbort.abort();
    await evDone;
    await docker.removeImage(tag, { force: true }).catch(() => undefined);
  }
  assert.ok(events.includes('start'), `events: ${events.join(',')}`);
  assert.ok(events.includes('restart') || events.filter((e) => e === 'start').length >= 2);
  await assert.rejects(docker.inspectContainer(id!), (e: ToolError) => e.code === 'not-found');
});

test('(integration) docker build failure points at the Dockerfile line of the failing step', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  await assert.rejects(
    docker.build({ context: APP, dockerfile: 'Dockerfile.fail', tags: [`${uniqueName('ansflow-fail')}:1`] }),
    (e: DockerBuildError) => e instanceof DockerBuildError && e.line === 4 && e.step === 3 && /non-zero code: 7/.test(e.message) && e.dockerfile === join(APP, 'Dockerfile.fail'),
  );
});

test('(integration) docker images, tags, volumes and networks round-trip', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const repo = uniqueName('ansflow-tag');
  await docker.tagImage(busyboxImage(), repo, 'x');
  assert.ok((await docker.listImages()).some((i) => (i.RepoTags ?? []).includes(`${repo}:x`)));
  const removed = await docker.removeImage(`${repo}:x`);
  assert.ok(removed.some((r) => r.Untagged === `${repo}:x`));
  const vol = await docker.createVolume(uniqueName('ansflow-vol'), { 'ansflow.test': '1' });
  assert.equal((await docker.inspectVolume(vol)).Labels?.['ansflow.test'], '1');
  assert.ok((await docker.listVolumes()).some((v) => v.Name === vol));
  await docker.removeVolume(vol);
  assert.ok(Array.isArray(await docker.listNetworks()));
  // An untagged build is dangling: prune removes exactly that kind of image.
  const dangling = await docker.build({ context: APP, target: 'base', buildArgs: { BASE: busyboxImage(), GREETING: repo } });
  const pruned = await docker.pruneImages();
  assert.ok(pruned.ImagesDeleted?.some((d) => d.Deleted === dangling.imageId), `prune deleted ${dangling.imageId}: ${JSON.stringify(pruned.ImagesDeleted)}`);
  await assert.rejects(docker.inspectImage(dangling.imageId), (e: ToolError) => e.code === 'not-found');
  assert.ok(await docker.inspectImage(busyboxImage()), 'prune keeps tagged images');
});

test('(integration) pulling from an unreachable registry fails with a ToolError', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const statuses: string[] = [];
  await assert.rejects(docker.pull('127.0.0.1:1/ansflow/none:1', { onProgress: (p) => statuses.push(p.status) }), (e: ToolError) => e instanceof ToolError && /127\.0\.0\.1:1/.test(e.message));
});

test('(integration) an unreachable engine gives engine-unreachable with a hint', async () => {
  const docker = DockerClient.connect({ env: { DOCKER_HOST: 'unix:///tmp/ansflow-no-such.sock' } });
  await assert.rejects(docker.ping(), (e: ToolError) => e.code === 'engine-unreachable' && /DOCKER_HOST/.test(e.message) && !!e.hint);
});
