// (unit) What the Containers view's actions compute before they call the engine: prune plans and their
// confirmation text (on the recorded snapshot), run-image inputs, tag references, the stats table and
// layer progress of a pull/push.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerSnapshot } from '../../../../../src/core/views/containers/containersTree.js';
import { describePrunePlan, planPrune, summarizePruneResult } from '../../../../../src/core/views/containers/prunePlan.js';
import { buildRunImageOptions, parseTagInput } from '../../../../../src/core/views/containers/runImageInputs.js';
import { statsTableFrame, statsTableLines } from '../../../../../src/core/views/containers/statsTable.js';
import { LayerProgress } from '../../../../../src/core/views/containers/transferProgress.js';

const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'snapshot.json'), 'utf8')) as DockerSnapshot;

test('(unit) prune plans follow the engine: stopped containers, unused dangling images, unused volumes, unattached user networks', () => {
  const sizes = new Map(recorded.containers.map((c, i) => [c.Id, (i + 1) * 1000]));
  const containers = planPrune('containers', recorded, { containerSizes: sizes });
  assert.deepEqual(containers.items.map((i) => i.label), ['fresh', 'idle-db-1', 'shop-worker-1']);
  assert.equal(containers.bytes, containers.items.reduce((s, i) => s + i.bytes!, 0));
  const images = planPrune('images', recorded);
  assert.equal(images.items.length, 1);
  assert.equal(images.bytes, 1985581);
  const volumes = planPrune('volumes', recorded, { volumeUsage: new Map([['rec-data', { Size: 4096, RefCount: 0 }], ['shop_db', { Size: -1, RefCount: 1 }]]), apiVersion: '1.41' });
  assert.deepEqual(volumes.items, [{ id: 'rec-data', label: 'rec-data', bytes: 4096 }]);
  assert.deepEqual(planPrune('volumes', recorded, { apiVersion: '1.43' }).items, [], 'API 1.42+ prunes anonymous volumes only');
  assert.deepEqual(planPrune('networks', recorded).items.map((i) => i.label), ['rec-internal', 'rec-net']);
});

test('(unit) prune confirmation names what goes and the space; nothing to prune says so', () => {
  const plan = { kind: 'containers' as const, items: Array.from({ length: 14 }, (_, i) => ({ id: `${i}`, label: `c${i}`, bytes: 1_500_000 })), bytes: 21_000_000 };
  const d = describePrunePlan(plan);
  assert.equal(d.message, 'Remove 14 stopped containers?');
  assert.match(d.detail, /^• c0 \(1\.5MB\)\n/);
  assert.match(d.detail, /…and 2 more\n\n21MB will be freed\.\nThis cannot be undone\.$/);
  assert.equal(describePrunePlan({ kind: 'networks', items: [{ id: 'n', label: 'rec-net' }], bytes: 0 }).detail, '• rec-net\nThis cannot be undone.');
  assert.match(describePrunePlan({ kind: 'images', items: [{ id: 'i', label: 'abc', bytes: 2e6 }], bytes: 2e6 }).detail, /Up to 2MB will be freed/);
  assert.equal(describePrunePlan({ kind: 'volumes', items: [], bytes: 0 }).message, 'Nothing to prune: no unused volumes.');
  assert.equal(summarizePruneResult('containers', { ContainersDeleted: ['a', 'b'], SpaceReclaimed: 2000 }), 'Pruned 2 containers, 2kB freed.');
  assert.equal(summarizePruneResult('images', { ImagesDeleted: [{ Untagged: 'x', Deleted: '' }, { Deleted: 'sha256:1', Untagged: '' }], SpaceReclaimed: 0 }), 'Pruned 1 image, 0B freed.');
  assert.equal(summarizePruneResult('networks', { NetworksDeleted: [] }), 'Pruned 0 networks.');
});

test('(unit) run-image inputs become a create body; ports default to 127.0.0.1; bad entries are named', () => {
  const r = buildRunImageOptions({ image: 'web:1', name: 'w1', ports: '8080:80, 0.0.0.0:9000:90/udp', env: 'A=1; B=two words, with comma\nC=', volumes: 'data:/data, /srv:/srv:ro', command: 'sh -c "echo hi"' });
  assert.ok('options' in r);
  assert.deepEqual(r.options, {
    Image: 'web:1',
    name: 'w1',
    Cmd: ['sh', '-c', 'echo hi'],
    Env: ['A=1', 'B=two words, with comma', 'C='],
    ExposedPorts: { '80/tcp': {}, '90/udp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '90/udp': [{ HostIp: '0.0.0.0', HostPort: '9000' }] }, Binds: ['data:/data', '/srv:/srv:ro'] },
  });
  assert.deepEqual(buildRunImageOptions({ image: 'x' }), { options: { Image: 'x', name: undefined, Cmd: undefined, Env: undefined, ExposedPorts: undefined, HostConfig: { PortBindings: undefined, Binds: undefined } } });
  const err = (i: Parameters<typeof buildRunImageOptions>[0]): string => ('error' in buildRunImageOptions(i) ? (buildRunImageOptions(i) as { error: string }).error : 'ok');
  assert.match(err({ image: 'x', ports: '99999' }), /^Port '99999'/);
  assert.match(err({ image: 'x', env: 'NOVALUE' }), /^Environment entry 'NOVALUE'/);
  assert.match(err({ image: 'x', env: '1A=b' }), /^Environment entry '1A=b'/);
  assert.match(err({ image: 'x', volumes: 'data' }), /^Volume 'data'/);
  assert.match(err({ image: 'x', volumes: 'data:/d:rx' }), /mode is ro or rw/);
  assert.match(err({ image: 'x', name: '-bad' }), /not a valid container name/);
  assert.match(err({ image: 'x', command: 'echo "open' }), /^Command:/);
});

test('(unit) tag references: registry ports, default tag, uppercase refused', () => {
  assert.deepEqual(parseTagInput('127.0.0.1:5000/team/app:v1.2'), { repo: '127.0.0.1:5000/team/app', tag: 'v1.2' });
  assert.deepEqual(parseTagInput('app'), { repo: 'app', tag: 'latest' });
  assert.ok('error' in parseTagInput('Team/App:1'));
  assert.ok('error' in parseTagInput('app:-x'));
  assert.ok('error' in parseTagInput(''));
});

test('(unit) stats table: docker stats columns padded to the widest cell, a pending row shows dashes, redraw from home', () => {
  const sample = { time: '', cpuPercent: 3.14159, memoryBytes: 1_500_000, memoryLimitBytes: 2e9, memoryPercent: 0.075, netRxBytes: 1234, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 4096, pids: 3 };
  assert.deepEqual(statsTableLines([{ name: 'web-1', sample }, { name: 'a-much-longer-name' }]), [
    'NAME                 CPU %   MEM USAGE / LIMIT   MEM %   NET I/O       BLOCK I/O    PIDS',
    'web-1                3.14%   1.5MB / 2GB         0.07%   1.23kB / 0B   0B / 4.1kB   3',
    'a-much-longer-name   --      --                  --      --            --           --',
  ]);
  const frame = statsTableFrame([{ name: 'x', sample }], 'q to quit');
  assert.ok(frame.startsWith('\x1b[H') && frame.endsWith('q to quit\x1b[K\x1b[J'));
  assert.ok(!frame.includes('\n') || frame.split('\n').every((l, i) => i === 0 || frame.split('\n')[i - 1].endsWith('\r')));
});

test('(unit) layer progress: bytes over all layers, finished layers whole, increments never negative', () => {
  const p = new LayerProgress();
  assert.equal(p.update({ status: 'Pulling from team/app', id: 'latest' }).increment, 0);
  assert.equal(p.update({ id: 'aaaaaaaaaaaa', status: 'Downloading', current: 50, total: 100 }).increment, 50);
  const b = p.update({ id: 'bbbbbbbbbbbb', status: 'Waiting' });
  assert.equal(p.percent(), 25);
  assert.equal(b.increment, 0, 'a new layer lowers the share done: the bar waits');
  assert.equal(b.message, 'Waiting (0/2 layers)');
  const c = p.update({ id: 'bbbbbbbbbbbb', status: 'Already exists' });
  assert.equal(c.increment, 25);
  assert.equal(c.message, 'Already exists (1/2 layers)');
  const d = p.update({ id: 'aaaaaaaaaaaa', status: 'Downloading', current: 10, total: 100 });
  assert.equal(d.increment, 0, 'a restarted layer does not move the bar back');
  assert.equal(p.update({ id: 'aaaaaaaaaaaa', status: 'Pull complete' }).increment, 25);
  assert.equal(p.percent(), 100);
});

test('(unit) container output for a terminal: CRLF line ends, stderr red and reset at each line end, TTY output untouched', async () => {
  const { toTerminalText } = await import('../../../../../src/core/views/containers/terminalText.js');
  assert.equal(toTerminalText({ stream: 'stdout', text: 'a\nb\r\nc' }), 'a\r\nb\r\nc');
  assert.equal(toTerminalText({ stream: 'stderr', text: 'bad\nworse\n' }), '\x1b[31mbad\x1b[0m\r\n\x1b[31mworse\x1b[0m\r\n');
  assert.equal(toTerminalText({ stream: 'stdout', text: 'x\r\n' }, true), 'x\r\n');
});
