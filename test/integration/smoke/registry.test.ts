// Smoke test: the run's registry (test/infra/engines/90-registry.sh) takes a push from the test dockerd over plain
// HTTP on loopback, lists the tag, and serves it back to a pull after the local tag is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { busyboxImage, registryAddress, requireEngine, uniqueName } from '../engines.js';

const run = promisify(execFile);

test('(integration) registry: docker push to the run registry lists the tag, and a pull brings it back', async (t) => {
  if (!requireEngine(t, 'registry') || !requireEngine(t, 'docker')) return;
  const repo = uniqueName('smoke');
  const ref = `${registryAddress()}/${repo}:v1`;
  await run('docker', ['tag', busyboxImage(), ref]);
  t.after(() => run('docker', ['rmi', ref]).catch(() => undefined));
  await run('docker', ['push', ref]);
  const tags = (await (await fetch(`http://${registryAddress()}/v2/${repo}/tags/list`)).json()) as { tags?: string[] };
  assert.deepEqual(tags.tags, ['v1']);
  await run('docker', ['rmi', ref]);
  const { stdout } = await run('docker', ['pull', ref]);
  assert.match(stdout, /Downloaded newer image|Image is up to date/, stdout);
  await run('docker', ['image', 'inspect', ref]);
});
