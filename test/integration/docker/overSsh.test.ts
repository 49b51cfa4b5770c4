// DockerClient with DOCKER_HOST=ssh://user@127.0.0.1:port: dockerode's ssh transport logs in to the `ssh`
// test engine with the key in its ssh-agent and runs `docker system dial-stdio` there, which reaches the
// test dockerd (the sshd sets DOCKER_HOST for its sessions). Checked against the same engine seen directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxImage, requireEngine, sshTarget, uniqueName } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { ToolError } from '../../../src/core/contracts/result.js';

const sshHost = (): string => {
  const s = sshTarget();
  return `ssh://${s.user}@${s.host}:${s.port}`;
};

test('(integration) docker over ssh://: ping, containers, logs, exec and events reach the test dockerd through sshd', async (t) => {
  if (!requireEngine(t, 'docker') || !requireEngine(t, 'ssh')) return;
  const direct = DockerClient.connect();
  // A timeout on an ssh:// client once crashed the process (see withTimeout in DockerClient.ts).
  const docker = DockerClient.connect({ env: { DOCKER_HOST: sshHost(), SSH_AUTH_SOCK: sshTarget().authSock }, timeoutMs: 30_000 });
  assert.equal(docker.connection.source, 'DOCKER_HOST');
  await docker.ping();
  assert.equal((await docker.version()).Version, (await direct.version()).Version);

  const name = uniqueName('ansflow-ssh');
  const seen: string[] = [];
  const evAbort = new AbortController();
  let sawStart!: () => void;
  const started = new Promise<void>((r) => (sawStart = r));
  // The stream opens over its own ssh login, maybe after the create: `since` makes the engine replay it.
  const since = new Date(Date.now() - 2000);
  const evDone = (async () => {
    try {
      for await (const ev of docker.events({ since, filters: { type: ['container'], container: [name] }, signal: evAbort.signal })) {
        seen.push(ev.Action);
        if (ev.Action === 'start') sawStart();
      }
    } catch {
      // aborted at the end
    }
  })();
  let id: string | undefined;
  try {
    id = await docker.createContainer({ Image: busyboxImage(), name, Cmd: ['sh', '-c', 'echo hello-over-ssh; exec sleep 300'], Labels: { 'ansflow.test': 'ssh' } });
    await docker.startContainer(id);
    // The container made through sshd is the one the test dockerd runs.
    assert.equal((await direct.inspectContainer(name)).Id, id);
    assert.deepEqual((await docker.listContainers({ filters: { name: [name] } })).map((c) => c.Id), [id]);
    const logs: string[] = [];
    for await (const chunk of docker.logs(id, { follow: true })) {
      logs.push(chunk.text);
      if (logs.join('').includes('\n')) break;
    }
    assert.equal(logs.join(''), 'hello-over-ssh\n');
    assert.deepEqual(await docker.execCollect(id, ['sh', '-c', 'echo exec-over-ssh; echo oops >&2; exit 3']), { exitCode: 3, stdout: 'exec-over-ssh\n', stderr: 'oops\n' });
    await started;
    assert.ok(seen.includes('create') && seen.includes('start'), seen.join(','));
  } finally {
    evAbort.abort();
    await evDone;
    if (id) await direct.removeContainer(id, { force: true });
  }
});

test('(integration) docker over ssh://: without the key in an agent, one line that says to load it', async (t) => {
  if (!requireEngine(t, 'ssh')) return;
  const docker = DockerClient.connect({ env: { DOCKER_HOST: sshHost() }, timeoutMs: 30_000 });
  const err = await docker.listContainers().then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ToolError, String(err));
  assert.equal(err.code, 'engine-unreachable');
  assert.match(err.message, new RegExp(`^No Docker engine answered at ${sshHost().replace(/[.]/g, '\\.')} \\(from DOCKER_HOST\\): .*authentication methods failed`));
  assert.doesNotMatch(err.message, /\n/);
  assert.match(err.hint ?? '', /ssh-add/);
});
