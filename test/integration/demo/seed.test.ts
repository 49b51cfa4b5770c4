// The demo's seed against the real engines: after it runs, the namespaces, the Deployment (its pods running
// on the kubelet), the Service, the ConfigMap, the completed Job, the two-revision Helm release and the
// three containers exist; a second run changes nothing (same containers, still two revisions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { demoNames, seedDemo, toolsFromEnv } from '../../../scripts/demo/seed.mjs';
import { requireEngine, uniqueName } from '../engines.js';

const run = promisify(execFile);

test('(integration) demo seed: namespaces, deployment+service+configmap, job, two helm revisions, compose pair and standalone container; idempotent', async (t) => {
  for (const e of ['docker', 'kube', 'kube-node', 'helm'] as const) if (!requireEngine(t, e)) return;
  const tools = toolsFromEnv();
  assert.equal(typeof tools, 'object', String(tools));
  if (typeof tools === 'string') return;
  const prefix = uniqueName('dm');
  const n = demoNames(prefix);
  const kubectl = (...args: string[]) => run(tools.kubectl, args).then((r) => r.stdout.trim());
  const docker = (...args: string[]) => run(tools.docker, args).then((r) => r.stdout.trim());

  const first = await seedDemo(tools, { prefix });
  assert.deepEqual(first.namespaces, [n.shop, n.batch, n.tools]);
  assert.equal(first.helmRelease.revisions, 2);

  for (const ns of first.namespaces) assert.equal(await kubectl('get', 'ns', ns, '-o', 'name'), `namespace/${ns}`);
  assert.equal(await kubectl('get', 'configmap', 'web-config', '-n', n.shop, '-o', 'jsonpath={.data.LOG_LEVEL}'), 'info');
  assert.equal(await kubectl('get', 'service', 'web', '-n', n.shop, '-o', 'jsonpath={.spec.ports[0].port}'), '80');
  // The pods really run on the kubelet with the imported busybox image (kubectl waits on the condition).
  await kubectl('wait', '--for=condition=available', 'deployment/web', '-n', n.shop, '--timeout=240s');
  assert.equal(await kubectl('get', 'deployment', 'web', '-n', n.shop, '-o', 'jsonpath={.status.readyReplicas}'), '2');
  await kubectl('wait', '--for=condition=complete', 'job/nightly-report', '-n', n.batch, '--timeout=240s');
  assert.match(await kubectl('logs', 'job/nightly-report', '-n', n.batch), /report done/);

  const history = JSON.parse((await run(tools.helm, ['history', n.release, '-n', n.tools, '-o', 'json'])).stdout) as { revision: number; status: string }[];
  assert.deepEqual(history.map((h) => [h.revision, h.status]), [[1, 'superseded'], [2, 'deployed']]);
  const values1 = (await run(tools.helm, ['get', 'values', n.release, '-n', n.tools, '--revision', '1', '-o', 'json'])).stdout;
  const values2 = (await run(tools.helm, ['get', 'values', n.release, '-n', n.tools, '--revision', '2', '-o', 'json'])).stdout;
  assert.equal(JSON.parse(values1).greeting, 'hello');
  assert.equal(JSON.parse(values2).greeting, 'hello again');
  assert.equal(await kubectl('get', 'configmap', `${n.release}-settings`, '-n', n.tools, '-o', 'jsonpath={.data.greeting}'), 'hello again');

  const ids = new Map<string, string>();
  for (const name of first.containers) {
    const [id, status] = (await docker('inspect', '-f', '{{.Id}} {{.State.Status}}', name)).split(' ');
    assert.equal(status, 'running', name);
    ids.set(name, id);
  }
  const project = await docker('ps', '--filter', `label=com.docker.compose.project=${n.composeProject}`, '--format', '{{.Names}}');
  assert.deepEqual(project.split('\n').sort(), [n.composeCache, n.composeWeb]);
  assert.equal(await docker('inspect', '-f', '{{index .Config.Labels "com.docker.compose.project"}}', n.standalone), '');

  // Again, with one container stopped: it is started, nothing is duplicated, the release keeps two revisions.
  await docker('kill', n.standalone);
  const second = await seedDemo(tools, { prefix });
  assert.equal(second.helmRelease.revisions, 2);
  assert.deepEqual(second.kubeObjects.sort(), first.kubeObjects.sort());
  for (const name of second.containers) {
    assert.equal(await docker('inspect', '-f', '{{.Id}} {{.State.Status}}', name), `${ids.get(name)} running`, name);
  }
  // Anchored: the kubelet's pod containers (k8s_…) carry the prefix in the middle of their names.
  const all = await docker('ps', '-a', '--filter', `name=^/${prefix}-`, '--format', '{{.Names}}');
  assert.deepEqual(all.split('\n').sort(), [...second.containers].sort());
});
