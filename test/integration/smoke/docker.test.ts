// Smoke test: the isolated test dockerd answers dockerode, has the imported busybox image, runs containers
// and publishes ports on 127.0.0.1 over its own bridge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Docker from 'dockerode';
import { busyboxImage, dockerSocketPath, requireEngine, uniqueName } from '../engines.js';

/** Concatenates the payloads of a non-TTY docker log stream (8-byte frame headers: stream, 0, 0, 0, size). */
function demux(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

test('(integration) dockerode lists the imported busybox image and runs a container that echoes', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = new Docker({ socketPath: dockerSocketPath() });
  const images = await docker.listImages();
  assert.ok(
    images.some((i) => (i.RepoTags ?? []).includes(busyboxImage())),
    `expected ${busyboxImage()} among ${JSON.stringify(images.map((i) => i.RepoTags))}`,
  );
  const container = await docker.createContainer({
    Image: busyboxImage(),
    name: uniqueName('ansflow-smoke'),
    Cmd: ['sh', '-c', 'echo "hello from $(uname -s)"; echo oops >&2; exit 3'],
  });
  t.after(() => container.remove({ force: true }).catch(() => undefined));
  await container.start();
  const { StatusCode } = await container.wait();
  assert.equal(StatusCode, 3);
  const logs = demux(await container.logs({ stdout: true, stderr: true, follow: false }));
  assert.match(logs, /hello from Linux\n/);
  assert.match(logs, /oops\n/);
});

test('(integration) the test dockerd publishes a container port on 127.0.0.1 through its bridge', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const docker = new Docker({ socketPath: dockerSocketPath() });
  const container = await docker.createContainer({
    Image: busyboxImage(),
    name: uniqueName('ansflow-smoke-web'),
    Cmd: ['sh', '-c', 'mkdir -p /www && echo served-by-busybox >/www/index.html && exec httpd -f -p 8080 -h /www'],
    ExposedPorts: { '8080/tcp': {} },
    HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  t.after(() => container.remove({ force: true }).catch(() => undefined));
  await container.start();
  const info = await container.inspect();
  const binding = info.NetworkSettings.Ports['8080/tcp']?.[0];
  assert.equal(binding?.HostIp, '127.0.0.1');
  assert.match(info.NetworkSettings.Networks.bridge?.IPAddress ?? '', /^172\.31\.\d+\.\d+$/, 'container sits on the test bridge');
  let body = '';
  for (let attempt = 0; attempt < 50 && !body; attempt++) {
    body = await fetch(`http://127.0.0.1:${binding?.HostPort}/index.html`)
      .then((r) => (r.ok ? r.text() : ''))
      .catch(() => '');
    if (!body) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(body.trim(), 'served-by-busybox');
});
