// (unit) The Containers tree built from Engine API objects recorded from the real test dockerd
// (fixtures/record.sh: a compose-labelled project, exited/paused/created containers, tags across
// repositories and a registry with a port, a dangling image, labelled volumes, internal networks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContainersTree, containerRows, imageRows, isDangling, type ContainersNode, type DockerSnapshot } from '../../../../../src/core/views/containers/containersTree.js';
import { containerIcon, formatAge, formatBytes } from '../../../../../src/core/views/containers/containerFormat.js';
import type { ContainerStatsSample } from '../../../../../src/core/clients/docker/containerStats.js';

const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'snapshot.json'), 'utf8')) as DockerSnapshot & { recordedAt: number };
const now = recorded.recordedAt * 1000 + 3 * 86400_000;

const labels = (nodes: ContainersNode[] | undefined): string[] => (nodes ?? []).map((n) => n.label);
const child = (nodes: ContainersNode[], label: string): ContainersNode => {
  const n = nodes.find((x) => x.label === label);
  assert.ok(n, `no row '${label}' among ${labels(nodes).join(', ')}`);
  return n;
};

test('(unit) containers tree: four groups, compose projects (running ones first) then standalone containers, running first', () => {
  const tree = buildContainersTree(recorded, { now });
  assert.deepEqual(labels(tree), ['Containers', 'Images', 'Volumes', 'Networks']);
  const containers = tree[0];
  assert.equal(containers.description, '2/6 running');
  assert.equal(containers.expanded, true);
  assert.deepEqual(labels(containers.children), ['shop', 'idle', 'solo', 'paused-one', 'fresh']);
  const shop = child(containers.children!, 'shop');
  assert.equal(shop.description, '1/2 running');
  assert.equal(shop.expanded, true);
  assert.deepEqual(labels(shop.children), ['shop-web-1', 'shop-worker-1']);
  assert.deepEqual(shop.data, { kind: 'project', project: 'shop', containerIds: shop.children!.map((c) => (c.data as { id: string }).id) });
  assert.equal(child(containers.children!, 'idle').expanded, false);
  const web = shop.children![0];
  assert.equal(web.contextValue, 'ansflow.container.running');
  assert.match(web.description!, /^ansflow-test\/busybox:1 · Up \d+ seconds$/);
  assert.match(web.tooltip!, /Service: web/);
  assert.match(web.tooltip!, /Ports: 127\.0\.0\.1:\d+→8080\/tcp/);
  assert.equal(web.id, `container:${(web.data as { id: string }).id}`);
});

test('(unit) containers tree: state by icon colour, a failed exit in red, a clean one grey', () => {
  const rows = containerRows(recorded.containers, { now });
  const all = rows.flatMap((r) => r.children ?? [r]);
  const icon = (name: string): string => `${child(all, name).icon!.codicon}/${child(all, name).icon!.color}`;
  assert.equal(icon('shop-web-1'), 'vm-running/charts.green');
  assert.equal(icon('shop-worker-1'), 'vm-outline/charts.red');
  assert.equal(icon('idle-db-1'), 'vm-outline/disabledForeground');
  assert.equal(icon('paused-one'), 'debug-pause/charts.yellow');
  assert.equal(child(all, 'fresh').contextValue, 'ansflow.container.created');
  assert.equal(containerIcon('running', 'Up 3 minutes (unhealthy)').color, 'charts.orange');
  assert.equal(containerIcon('restarting', 'Restarting (1) 2 seconds ago').codicon, 'sync~spin');
});

test('(unit) containers tree: CPU and memory only on running containers that have a stats sample', () => {
  const solo = recorded.containers.find((c) => c.Names[0] === '/solo')!;
  const paused = recorded.containers.find((c) => c.Names[0] === '/paused-one')!;
  const sample = (cpu: number, mem: number): ContainerStatsSample => ({ time: '', cpuPercent: cpu, memoryBytes: mem, memoryLimitBytes: 0, memoryPercent: 0, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0, pids: 1 });
  const stats = new Map([[solo.Id, sample(12.345, 1_520_000)], [paused.Id, sample(1, 1)]]);
  const rows = containerRows(recorded.containers, { now, stats });
  assert.match(child(rows, 'solo').description!, / · CPU 12\.3% · MEM 1\.52MB$/);
  assert.doesNotMatch(child(rows, 'paused-one').description!, /CPU/);
});

test('(unit) images tree: repositories by name with their tags, a registry port kept in the repository, dangling ones marked last', () => {
  const rows = imageRows(recorded.images, now);
  assert.deepEqual(labels(rows), ['ansflow-test/busybox', 'rec/dangle', 'registry.local:5000/team/tool', 'team/tool', '<none>']);
  const tool = child(rows, 'registry.local:5000/team/tool');
  assert.deepEqual(labels(tool.children), ['2.1']);
  assert.equal(tool.description, '1 tag');
  const tag = tool.children![0];
  assert.deepEqual({ ...tag.data, id: undefined }, { kind: 'image', id: undefined, ref: 'registry.local:5000/team/tool:2.1', dangling: false });
  assert.match(tag.description!, /^[0-9a-f]{12} · 1\.99MB · 3 days ago$/);
  const none = child(rows, '<none>');
  assert.equal(none.description, '1 dangling');
  assert.equal(none.children![0].contextValue, 'ansflow.image.dangling');
  assert.match(none.children![0].description!, /^dangling · 1\.99MB · 3 days ago$/);
  assert.equal(isDangling({ RepoTags: [] }), true);
  assert.equal(isDangling({ RepoTags: ['<none>:<none>'] }), true);
  assert.equal(isDangling({ RepoTags: ['a:b'] }), false);
});

test('(unit) volumes and networks: sorted, compose volumes say their project, built-in networks first and marked', () => {
  const [, , volumes, networks] = buildContainersTree(recorded, { now });
  assert.deepEqual(labels(volumes.children), ['rec-data', 'shop_db']);
  assert.equal(child(volumes.children!, 'shop_db').description, 'local · compose shop');
  assert.deepEqual(labels(networks.children), ['bridge', 'host', 'none', 'rec-internal', 'rec-net']);
  assert.equal(child(networks.children!, 'bridge').contextValue, 'ansflow.network.builtIn');
  assert.match(child(networks.children!, 'rec-internal').description!, /^bridge · local · internal · 172\.\d+\.\d+\.0\/\d+$/);
});

test('(unit) sizes and ages read like the docker CLI', () => {
  assert.deepEqual([0, 999, 1000, 1_985_581, 123_456_789, 5.5e9].map(formatBytes), ['0B', '999B', '1kB', '1.99MB', '123MB', '5.5GB']);
  const t = 1_000_000;
  assert.deepEqual(
    [10, 120, 3 * 3600, 86400, 3 * 86400, 15 * 86400, 60 * 86400, 800 * 86400].map((ago) => formatAge(t - ago, t * 1000)),
    ['just now', '2 min ago', '3 h ago', '1 day ago', '3 days ago', '2 weeks ago', '2 months ago', '2 years ago'],
  );
});

test('(unit) images pulled by digest only are listed under their repository by digest, marked dangling as the engine counts them', () => {
  const base = recorded.images.find((i) => (i.RepoTags ?? []).includes('team/tool:latest'))!;
  const byDigest = { ...base, Id: 'sha256:' + 'd'.repeat(64), RepoTags: [] as string[], RepoDigests: ['127.0.0.1:5000/team/app@sha256:' + 'e'.repeat(64)] };
  const oldStyle = { ...base, Id: 'sha256:' + 'f'.repeat(64), RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] };
  assert.equal(isDangling(byDigest), true);
  assert.equal(isDangling(oldStyle), true);
  const rows = imageRows([byDigest, oldStyle], now);
  const repo = child(rows, '127.0.0.1:5000/team/app');
  assert.equal(repo.children![0].label, '@eeeeeeeeeeee');
  assert.equal(repo.children![0].contextValue, 'ansflow.image.dangling');
  assert.match(repo.children![0].description!, /^dangling · by digest · /);
  assert.deepEqual((repo.children![0].data as { ref?: string }).ref, `127.0.0.1:5000/team/app@sha256:${'e'.repeat(64)}`);
  assert.equal(child(rows, '<none>').description, '1 dangling');
});
