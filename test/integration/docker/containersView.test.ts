// (integration) The Containers view's model and actions against the real test dockerd: events add and
// remove a container row, pause shows in the row, tags appear under their repository, stats figures
// reach a visible running row, logs and a TTY shell as the terminals show them, prune plans match what
// the engine prunes, and run-image inputs publish on 127.0.0.1. Waits on conditions, never on clocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, requireEngine, uniqueName } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { startDockerSocketRelay } from './dockerSocketRelay.js';
import { AUTO_SHELL, ContainersModel, buildRunImageOptions, planPrune, summarizePruneResult, toTerminalText, type ContainersNode } from '../../../src/core/views/containers/index.js';

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 20_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function find(nodes: ContainersNode[], pred: (n: ContainersNode) => boolean): ContainersNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const inner = find(n.children ?? [], pred);
    if (inner) return inner;
  }
  return undefined;
}

const byLabel = (label: string) => (n: ContainersNode) => n.label === label;

test('(integration) containers model: events add, pause and remove a container row; a new tag appears under its repository; stats reach a visible row', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const model = new ContainersModel(docker, { pollMs: 3_600_000 });
  t.after(() => model.dispose());
  model.start();
  await until('connected', () => model.state === 'connected');
  assert.deepEqual(model.tree().map((n) => n.label), ['Containers', 'Images', 'Volumes', 'Networks']);
  const polls = model.generation;

  const name = uniqueName('cv');
  const project = uniqueName('proj');
  const id = await docker.createContainer({ name, Image: busyboxImage(), Cmd: ['sleep', '600'], Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'app' } });
  t.after(() => docker.removeContainer(id, { force: true }).catch(() => undefined));
  await docker.startContainer(id);
  const row = await until('the running container under its compose project', () => {
    const p = find(model.tree(), byLabel(project));
    return p?.children?.find((c) => c.label === name && c.contextValue === 'ansflow.container.running');
  });
  assert.equal(row.icon?.color, 'charts.green');
  assert.ok(model.generation > polls, 'reloaded by events (the poll is an hour away)');

  await docker.pauseContainer(id);
  await until('paused row', () => find(model.tree(), byLabel(name))?.contextValue === 'ansflow.container.paused');
  await docker.unpauseContainer(id);
  await until('running again', () => find(model.tree(), byLabel(name))?.contextValue === 'ansflow.container.running');

  model.setStatsTargets([id]);
  await until('CPU and memory in the description', () => /· CPU \d+\.\d% · MEM \S+B$/.test(find(model.tree(), byLabel(name))?.description ?? ''));
  model.setStatsTargets([]);

  const repo = uniqueName('cv-tag/app');
  await docker.tagImage(busyboxImage(), repo, 'v1');
  t.after(() => docker.removeImage(`${repo}:v1`).catch(() => undefined));
  const repoRow = await until('the new repository row', () => find(model.tree(), (n) => n.id === `repository:${repo}`));
  assert.deepEqual(repoRow.children?.map((c) => c.label), ['v1']);

  await docker.removeContainer(id, { force: true });
  await until('row gone', () => !find(model.tree(), byLabel(name)) && !find(model.tree(), byLabel(project)));
});

test('(integration) logs and a TTY shell as the terminals show them: CRLF, stderr in red, tail/since/timestamps; the default shell falls back to sh', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const name = uniqueName('cv-logs');
  const id = await docker.createContainer({ name, Image: busyboxImage(), Cmd: ['sh', '-c', 'echo one; echo two; echo oops >&2; sleep 600'] });
  t.after(() => docker.removeContainer(id, { force: true }).catch(() => undefined));
  await docker.startContainer(id);

  const read = async (o: Parameters<DockerClient['logs']>[1]): Promise<string[]> => {
    const out: string[] = [];
    for await (const c of docker.logs(id, o)) out.push(toTerminalText(c));
    return out;
  };
  const all = await until('three lines logged', async () => {
    const chunks = await read({ tail: 'all' });
    return chunks.join('').split('\r\n').filter(Boolean).length >= 3 && chunks;
  });
  assert.ok(all.join('').includes('one\r\n') && all.join('').includes('two\r\n'));
  assert.ok(all.some((c) => c.startsWith('\x1b[31moops\x1b[0m\r\n')), `stderr in red: ${JSON.stringify(all)}`);
  assert.equal((await read({ tail: 1, timestamps: true })).join('').trim().split('\r\n').length, 1);
  assert.match((await read({ tail: 1, timestamps: true })).join('').replace('\x1b[31m', ''), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
  assert.deepEqual(await read({ since: Math.floor(Date.now() / 1000) + 60 }), [], 'nothing since a future time');

  // following: the stream stays open and stops when the terminal (here: the consumer) closes it
  const abort = new AbortController();
  let followed = '';
  for await (const c of docker.logs(id, { follow: true, tail: 'all', signal: abort.signal })) {
    followed += toTerminalText(c);
    if (followed.includes('two') && followed.includes('oops')) break;
  }
  abort.abort();
  assert.match(followed, /one\r\n/);

  const shell = await docker.exec(id, [...AUTO_SHELL], { tty: true, stdin: true });
  shell.stream.write('echo "shell=$0 tty=$(tty)"; exit 7\n');
  let screen = '';
  for await (const c of shell.output()) screen += c.text;
  assert.match(screen, /shell=sh tty=\/dev\/pts\/\d+/);
  assert.equal(await shell.exitCode(), 7);
});

test('(integration) prune plans name what the engine then prunes; run-image inputs publish on 127.0.0.1', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = DockerClient.connect();
  const stopped = uniqueName('cv-stopped');
  const net = uniqueName('cv-net');
  const stoppedId = await docker.createContainer({ name: stopped, Image: busyboxImage(), Cmd: ['true'] });
  t.after(() => docker.removeContainer(stoppedId, { force: true }).catch(() => undefined));
  const netId = await docker.createNetwork(net);
  t.after(() => docker.removeNetwork(netId).catch(() => undefined));
  const keep = uniqueName('cv-keep');
  const built = buildRunImageOptions({ image: busyboxImage(), name: keep, ports: '8080', env: 'GREETING=hello, world', command: 'sh -c "echo $GREETING; sleep 600"' });
  assert.ok('options' in built, JSON.stringify(built));
  const keepId = await docker.createContainer({ ...built.options, HostConfig: { ...built.options.HostConfig, NetworkMode: net } });
  t.after(() => docker.removeContainer(keepId, { force: true }).catch(() => undefined));
  await docker.startContainer(keepId);
  const info = await docker.inspectContainer(keepId);
  assert.equal(info.NetworkSettings.Ports['8080/tcp']?.[0].HostIp, '127.0.0.1');
  await until('env with a comma reached the container', async () => {
    let text = '';
    for await (const c of docker.logs(keepId, { tail: 'all' })) text += c.text;
    return text === 'hello, world\n';
  });

  const snapshot = async () => ({ containers: await docker.listContainers(), images: await docker.listImages(), volumes: await docker.listVolumes(), networks: await docker.listNetworks() });
  let s = await snapshot();
  const containersPlan = planPrune('containers', s);
  assert.ok(containersPlan.items.some((i) => i.label === stopped));
  assert.ok(!containersPlan.items.some((i) => i.label === keep), 'a running container is never planned');
  assert.ok(!planPrune('networks', s).items.some((i) => i.label === net), 'a network in use by a running container stays');

  await docker.stopContainer(keepId, 1);
  s = await snapshot();
  const netPlan = planPrune('networks', s);
  assert.ok(netPlan.items.some((i) => i.label === net), 'only stopped containers use it now: the engine prunes it');

  const pruned = await docker.pruneContainers();
  assert.ok(pruned.ContainersDeleted.includes(stoppedId) && pruned.ContainersDeleted.includes(keepId));
  assert.match(summarizePruneResult('containers', pruned), /^Pruned \d+ containers?, \S+B freed\.$/);
  const netPruned = await docker.pruneNetworks();
  assert.ok(netPruned.NetworksDeleted.includes(net));
  assert.deepEqual(planPrune('containers', await snapshot()).items.filter((i) => i.label === stopped), []);
});

test('(integration) containers model: the engine goes away and comes back (its socket cut and restored) → error row, then reconnected and current again', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  // A socket in front of the test dockerd's: closing it (and every open connection, the events stream
  // included) is what the client sees when the engine stops; listening again is the engine back.
  const relay = await startDockerSocketRelay('cv-sock-');
  t.after(() => relay.close());
  const client = relay.client();
  const model = new ContainersModel(client, { pollMs: 3_600_000, reconnectMinMs: 50, reconnectMaxMs: 200 });
  t.after(() => model.dispose());
  model.start();
  await until('connected through the front socket', () => model.state === 'connected');

  await relay.close();
  await until('disconnected, with the row saying so', () => model.state === 'disconnected' && model.tree()[0].data.kind === 'message');
  assert.match(model.tree()[0].label, /No Docker engine answered|closed the events stream/);

  // while it is away, a container appears; once back, the model reloads and follows events again
  const docker = DockerClient.connect();
  const name = uniqueName('cv-back');
  const id = await docker.createContainer({ name, Image: busyboxImage(), Cmd: ['sleep', '600'] });
  t.after(() => docker.removeContainer(id, { force: true }).catch(() => undefined));
  await relay.listen();
  await until('reconnected and the container listed', () => model.state === 'connected' && !!find(model.tree(), byLabel(name)));
  await docker.startContainer(id);
  await until('its start seen through the new events stream', () => find(model.tree(), byLabel(name))?.contextValue === 'ansflow.container.running');
});
