// (integration) Push and pull by digest through a real registry: Debian's docker-registry (the CNCF
// distribution registry) started here on a loopback port with htpasswd (bcrypt) auth, and the test
// dockerd (which allows 127.0.0.0/8 registries without TLS). Credentials come from a docker config
// file the way the docker CLI stores them; progress folds into one bar; the password never shows up
// in a progress message or an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { busyboxImage, isCI, requireEngine, runDirPath, uniqueName } from '../engines.js';
import { DockerClient } from '../../../src/core/clients/docker/DockerClient.js';
import { findRegistryAuth } from '../../../src/core/clients/docker/registryAuth.js';
import type { TransferProgress } from '../../../src/core/clients/docker/dockerTransfer.js';
import { LayerProgress, imageRows, isDangling } from '../../../src/core/views/containers/index.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, limitMs = 20_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('(integration) registry: push with docker-config credentials, pull by digest, auth refused without them, no password in any message', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const haveRegistry = spawnSync('docker-registry', ['--version']).status === 0 && spawnSync('htpasswd', ['-h']).error === undefined;
  if (!haveRegistry) {
    const why = 'docker-registry or htpasswd is not installed (test/infra/install.sh installs docker-registry and apache2-utils)';
    if (isCI()) throw new Error(why);
    t.skip(why);
    return;
  }
  const dir = mkdtempSync(join(runDirPath(), 'registry-'));
  const user = 'ansflow';
  const password = `pw-${uniqueName('s')}`;
  const hash = spawnSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
  assert.equal(hash.status, 0, hash.stderr);
  writeFileSync(join(dir, 'htpasswd'), hash.stdout);
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\nauth:\n  htpasswd:\n    realm: ansflow-test\n    path: ${join(dir, 'htpasswd')}\n`,
  );
  const registry = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let registryLog = '';
  registry.stderr.on('data', (b: Buffer) => (registryLog += b.toString()));
  t.after(() => registry.kill('SIGTERM'));
  await until(`the registry on 127.0.0.1:${port} (log: ${registryLog.slice(-300)})`, async () => (await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined))?.status === 401);

  const docker = DockerClient.connect();
  const repo = `127.0.0.1:${port}/ansflow/${uniqueName('bb')}`;
  const ref = `${repo}:v1`;
  // an image of its own (a commit with a unique label), so pulling it back by digest leaves it untagged
  const seed = await docker.createContainer({ Image: busyboxImage(), Cmd: ['true'] });
  t.after(() => docker.removeContainer(seed, { force: true }).catch(() => undefined));
  await docker.api.getContainer(seed).commit({ repo, tag: 'v1', changes: [`LABEL ansflow.test=${uniqueName('reg')}`] });
  t.after(() => docker.removeImage(ref).catch(() => undefined));

  const messages: string[] = [];
  const refused = await docker.push(ref, { onProgress: (p) => messages.push(JSON.stringify(p)) }).then(
    () => undefined,
    (e: { code?: string; message: string; hint?: string }) => e,
  );
  assert.equal(refused?.code, 'auth-failed', `push without credentials is refused: ${JSON.stringify(refused)} ${refused?.message}`);
  assert.match(refused!.hint ?? '', /docker login/);

  // credentials as `docker login` stores them (base64 user:password in config.json auths)
  const config = join(dir, 'docker-config');
  mkdirSync(config);
  writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
  const auth = await findRegistryAuth(ref, { env: { DOCKER_CONFIG: config } });
  assert.deepEqual(auth, { username: user, password, serveraddress: `127.0.0.1:${port}` });

  const layers = new LayerProgress();
  const progress: TransferProgress[] = [];
  const pushed = await docker.push(ref, { auth, onProgress: (p) => (progress.push(p), layers.update(p), messages.push(JSON.stringify(p))) });
  assert.match(pushed.digest ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.ok(progress.some((p) => p.status === 'Pushed'), `a layer was pushed: ${progress.map((p) => p.status).join(', ')}`);
  assert.equal(layers.percent(), 100);

  // the registry serves the manifest under that digest
  const manifest = await fetch(`http://127.0.0.1:${port}/v2/${repo.split('/').slice(1).join('/')}/manifests/${pushed.digest}`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(manifest.status, 200);

  // drop the local name, then pull by digest only
  await docker.removeImage(ref);
  const byDigest = `${repo}@${pushed.digest}`;
  await docker.pull(byDigest, { auth, onProgress: (p) => messages.push(JSON.stringify(p)) });
  t.after(() => docker.removeImage(byDigest).catch(() => undefined));
  const images = await docker.listImages();
  const pulled = images.find((i) => (i.RepoDigests ?? []).includes(byDigest));
  assert.ok(pulled, 'the image is listed with its repository digest');
  // the view agrees with the engine's own dangling filter (untagged counts, even when a digest names it)
  const engineDangling = new Set((await docker.listImages({ dangling: true })).map((i) => i.Id));
  assert.equal(isDangling(pulled), engineDangling.has(pulled.Id));
  const row = imageRows(images, Date.now()).find((r) => r.label === repo);
  assert.equal(row?.children?.[0].contextValue, 'ansflow.image.dangling');
  assert.equal(row?.children?.[0].label, `@${pushed.digest!.slice(7, 19)}`);

  const wrong = await docker.pull(byDigest, { auth: { username: user, password: 'not-it', serveraddress: `127.0.0.1:${port}` } }).then(
    () => 'pulled',
    (e: Error) => e.message,
  );
  // the image is present locally, so the engine may answer from its store; when it asks the registry it is refused
  assert.ok(wrong === 'pulled' || /unauthorized|authentication/i.test(wrong), wrong);
  for (const m of [...messages, refused!.message, wrong]) assert.ok(!m.includes(password), `the password leaked into: ${m}`);
});
