// (unit) The docker CLI context store, laid out in a temp folder exactly as `docker context create` writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionForContext, currentDockerContextName, describeDockerConnection, listDockerContexts } from '../../../../../src/core/clients/docker/dockerContexts.js';
import { engineUnreachableError, resolveDockerConnection } from '../../../../../src/core/clients/docker/dockerConnection.js';
import { toDockerError } from '../../../../../src/core/clients/docker/dockerErrors.js';

function store(): { home: string; add(name: string, host: string, description?: string): void; current(name: string): void; done(): void } {
  const home = mkdtempSync(join(tmpdir(), 'ansflow-docker-ctx-'));
  const dir = join(home, '.docker');
  mkdirSync(dir, { recursive: true });
  return {
    home,
    add(name, host, description) {
      const id = createHash('sha256').update(name).digest('hex');
      mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
      writeFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: description ?? '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
    },
    current(name) {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
    },
    done: () => rmSync(home, { recursive: true, force: true }),
  };
}

test('(unit) docker contexts: default first, named ones sorted, current from config.json, DOCKER_CONTEXT wins', (t) => {
  const s = store();
  t.after(s.done);
  assert.deepEqual(listDockerContexts({ env: {}, home: s.home, platform: 'linux' }), [
    { name: 'default', description: 'Current DOCKER_HOST based configuration', host: 'unix:///var/run/docker.sock', current: true },
  ]);
  s.add('zeta', 'tcp://127.0.0.1:2375');
  s.add('build box', 'ssh://ops@127.0.0.1:2222', 'the build machine');
  s.current('zeta');
  // a foreign folder and a half-written meta are skipped, as `docker context ls` does
  mkdirSync(join(s.home, '.docker', 'contexts', 'meta', 'junk'), { recursive: true });
  writeFileSync(join(s.home, '.docker', 'contexts', 'meta', 'junk', 'meta.json'), '{"Name":');
  const rows = listDockerContexts({ env: { DOCKER_HOST: 'unix:///tmp/x.sock' }, home: s.home });
  assert.deepEqual(
    rows.map((r) => [r.name, r.host, r.current, r.description]),
    [
      ['default', 'unix:///tmp/x.sock', false, 'Current DOCKER_HOST based configuration'],
      ['build box', 'ssh://ops@127.0.0.1:2222', false, 'the build machine'],
      ['zeta', 'tcp://127.0.0.1:2375', true, undefined],
    ],
  );
  assert.equal(currentDockerContextName({ env: {}, home: s.home }), 'zeta');
  assert.equal(currentDockerContextName({ env: { DOCKER_CONTEXT: 'build box' }, home: s.home }), 'build box');
  assert.equal(currentDockerContextName({ env: { DOCKER_CONFIG: join(s.home, 'elsewhere') }, home: s.home }), 'default');
});

test('(unit) docker contexts: switching by name ignores DOCKER_HOST except for default; labels say where the engine came from', (t) => {
  const s = store();
  t.after(s.done);
  s.add('remote', 'ssh://ops@127.0.0.1:2222');
  const env = { DOCKER_HOST: 'unix:///tmp/x.sock', SSH_AUTH_SOCK: '/tmp/agent' };
  const remote = connectionForContext('remote', { env, home: s.home });
  assert.equal(remote.host, 'ssh://ops@127.0.0.1:2222');
  assert.deepEqual(remote.options, { protocol: 'ssh', host: '127.0.0.1', port: '2222', username: 'ops', sshOptions: { agent: '/tmp/agent' } });
  assert.equal(describeDockerConnection(remote), 'ssh://ops@127.0.0.1:2222 (context remote)');
  const def = connectionForContext('default', { env, home: s.home });
  assert.equal(def.host, 'unix:///tmp/x.sock');
  assert.equal(describeDockerConnection(def), 'unix:///tmp/x.sock (DOCKER_HOST)');
  assert.equal(describeDockerConnection(resolveDockerConnection({ env: {}, home: s.home, platform: 'linux' })), 'unix:///var/run/docker.sock (default socket)');
  assert.throws(() => connectionForContext('gone', { env, home: s.home }), (e: { code?: string }) => e.code === 'invalid-input');
});

test('(unit) an ssh:// engine that fails says what to fix, also for ssh2 errors without an HTTP status', () => {
  const conn = resolveDockerConnection({ env: { DOCKER_HOST: 'ssh://ops@127.0.0.1:1' } });
  const auth = toDockerError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), conn, 'list containers') as { code?: string; hint?: string; message: string };
  assert.equal(auth.code, 'engine-unreachable');
  assert.match(auth.message, /^No Docker engine answered at ssh:\/\/ops@127\.0\.0\.1:1 \(from DOCKER_HOST\)/);
  assert.match(auth.hint ?? '', /ssh-add/);
  assert.match(engineUnreachableError(conn, new Error('bash: docker: command not found')).hint ?? '', /install the docker CLI there/);
  assert.match(engineUnreachableError(conn, new Error('connect ECONNREFUSED 127.0.0.1:1')).hint ?? '', /ssh HOST docker version/);
});

test('(unit) an ssh:// engine that cannot be reached fails with one clear line through dockerode ssh, not a stack', async () => {
  const { DockerClient } = await import('../../../../../src/core/clients/docker/DockerClient.js');
  const { createServer } = await import('node:net');
  // a loopback port that was free a moment ago: nothing listens there
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  const client = DockerClient.fromConnection(resolveDockerConnection({ env: { DOCKER_HOST: `ssh://nobody@127.0.0.1:${port}` } }), { timeoutMs: 5000 });
  const listed = await client.listContainers().then(() => undefined, (e: unknown) => e as { code?: string; message: string; hint?: string });
  assert.ok(listed, 'listing through a dead ssh host fails');
  assert.equal(listed.code, 'engine-unreachable');
  assert.match(listed.message, new RegExp(`^No Docker engine answered at ssh://nobody@127\\.0\\.0\\.1:${port} \\(from DOCKER_HOST\\): .*ECONNREFUSED`));
  assert.ok(!listed.message.includes('\n'));
  assert.match(listed.hint ?? '', /ssh HOST docker version/);
});
