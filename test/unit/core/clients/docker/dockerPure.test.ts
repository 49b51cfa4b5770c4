import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDockerConnection } from '../../../../../src/core/clients/docker/dockerConnection.js';
import { parseDockerPortSpec } from '../../../../../src/core/clients/docker/portSpec.js';
import { parseDockerfileInstructions } from '../../../../../src/core/clients/docker/dockerfileLines.js';
import { demuxDockerBuffer, demuxDockerStream, readJsonLines } from '../../../../../src/core/clients/docker/dockerStreams.js';
import { listBuildContext } from '../../../../../src/core/clients/docker/buildContext.js';
import { findRegistryAuth, registryOf, DOCKER_HUB } from '../../../../../src/core/clients/docker/registryAuth.js';
import { splitImageTag } from '../../../../../src/core/clients/docker/dockerTransfer.js';
import { toDockerSince } from '../../../../../src/core/clients/docker/DockerClient.js';
import { computeStats } from '../../../../../src/core/clients/docker/containerStats.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'ansflow-docker-unit-'));

test('(unit) docker connection: DOCKER_HOST, then DOCKER_CONTEXT / currentContext meta, then default socket', () => {
  const home = tmp();
  try {
    assert.deepEqual(resolveDockerConnection({ env: { DOCKER_HOST: 'unix:///x/d.sock' }, home }).options, { socketPath: '/x/d.sock' });
    assert.deepEqual(resolveDockerConnection({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, home }).options, { protocol: 'http', host: '127.0.0.1', port: '2375' });
    assert.equal(resolveDockerConnection({ env: {}, home, platform: 'linux' }).host, 'unix:///var/run/docker.sock');
    const id = createHash('sha256').update('remote').digest('hex');
    mkdirSync(join(home, '.docker', 'contexts', 'meta', id), { recursive: true });
    writeFileSync(join(home, '.docker', 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'ssh://ops@127.0.0.1' } } }));
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const c = resolveDockerConnection({ env: {}, home });
    assert.equal(c.source, 'context');
    assert.deepEqual(c.options, { protocol: 'ssh', host: '127.0.0.1', port: 22, username: 'ops', sshOptions: { agent: undefined } });
    assert.equal((resolveDockerConnection({ env: { SSH_AUTH_SOCK: '/run/agent.sock' }, home }).options.sshOptions as { agent?: string }).agent, '/run/agent.sock');
    assert.equal(resolveDockerConnection({ env: { DOCKER_CONTEXT: 'default' }, home }).source, 'default');
    assert.throws(() => resolveDockerConnection({ env: { DOCKER_CONTEXT: 'nope' }, home }), (e: { code: string }) => e.code === 'invalid-input');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('(unit) port specs default to 127.0.0.1 and follow docker -p syntax', () => {
  assert.deepEqual(parseDockerPortSpec('8080'), [{ hostIp: '127.0.0.1', hostPort: '', containerPort: '8080', protocol: 'tcp' }]);
  assert.deepEqual(parseDockerPortSpec('9000:80/udp'), [{ hostIp: '127.0.0.1', hostPort: '9000', containerPort: '80', protocol: 'udp' }]);
  assert.deepEqual(parseDockerPortSpec('0.0.0.0:9000:80')[0].hostIp, '0.0.0.0');
  assert.deepEqual(parseDockerPortSpec('127.0.0.2::80')[0], { hostIp: '127.0.0.2', hostPort: '', containerPort: '80', protocol: 'tcp' });
  assert.deepEqual(parseDockerPortSpec('[::1]:9000:80')[0].hostIp, '::1');
  assert.deepEqual(parseDockerPortSpec('8000-8001:80-81').map((b) => `${b.hostPort}->${b.containerPort}`), ['8000->80', '8001->81']);
  for (const bad of ['abc', '1:2:3:4', '80/foo', '70000']) assert.throws(() => parseDockerPortSpec(bad), bad);
});

test('(unit) Dockerfile instructions keep their lines across continuations, comments and escape directives', () => {
  const ins = parseDockerfileInstructions('# syntax=x\nARG A=1\nFROM b\n\n# c\nRUN a && \\\n  # inner comment\n  b\nCMD x\n');
  assert.deepEqual(ins.map((i) => [i.keyword, i.line, i.endLine]), [['ARG', 2, 2], ['FROM', 3, 3], ['RUN', 6, 8], ['CMD', 9, 9]]);
  const bt = parseDockerfileInstructions('# escape=`\nFROM x\nRUN a `\n  b\n');
  assert.deepEqual(bt.map((i) => [i.keyword, i.line, i.text]), [['FROM', 2, 'FROM x'], ['RUN', 3, 'RUN a b']]);
});

test('(unit) multiplexed streams split into stdout/stderr, also across chunk borders', async () => {
  const frame = (t: number, s: string): Buffer => {
    const b = Buffer.from(s);
    const h = Buffer.alloc(8);
    h[0] = t;
    h.writeUInt32BE(b.length, 4);
    return Buffer.concat([h, b]);
  };
  const all = Buffer.concat([frame(1, 'out1\n'), frame(2, 'err\n'), frame(1, 'é\n')]);
  assert.deepEqual(demuxDockerBuffer(all).map((c) => c.stream + ':' + c.text), ['stdout:out1\n', 'stderr:err\n', 'stdout:é\n']);
  async function* pieces() {
    for (let i = 0; i < all.length; i += 3) yield all.subarray(i, i + 3);
  }
  const got = [];
  for await (const c of demuxDockerStream(pieces())) got.push(c.stream + ':' + c.text);
  assert.deepEqual(got, ['stdout:out1\n', 'stderr:err\n', 'stdout:é\n']);
  async function* lines() {
    yield '{"a":1}\n{"a"';
    yield ':2}\nbad\n{"a":3}';
  }
  const vals = [];
  for await (const v of readJsonLines<{ a: number }>(lines())) vals.push(v.a);
  assert.deepEqual(vals, [1, 2, 3]);
});

test('(unit) build context honours .dockerignore and always keeps the Dockerfile', () => {
  const d = tmp();
  try {
    mkdirSync(join(d, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(d, 'src'));
    for (const f of ['Dockerfile', 'src/a.ts', 'src/a.test.ts', 'node_modules/x/i.js', 'README.md', 'KEEP.md']) writeFileSync(join(d, f), f);
    writeFileSync(join(d, '.dockerignore'), 'node_modules\n**/*.test.ts\n*.md\n!KEEP.md\nDockerfile\n');
    assert.deepEqual(listBuildContext(d).sort(), ['.dockerignore', 'Dockerfile', 'KEEP.md', 'src/a.ts']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('(unit) registry auth from config.json auths; image refs split', async () => {
  const home = tmp();
  try {
    mkdirSync(join(home, '.docker'));
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { '127.0.0.1:5000': { auth: Buffer.from('u:p:w').toString('base64') } } }));
    assert.deepEqual(await findRegistryAuth('127.0.0.1:5000/app:1', { home, env: {} }), { username: 'u', password: 'p:w', serveraddress: '127.0.0.1:5000' });
    assert.equal(await findRegistryAuth('library/busybox', { home, env: {} }), undefined);
    assert.equal(registryOf('busybox'), DOCKER_HUB);
    assert.equal(registryOf('ghcr.io/a/b'), 'ghcr.io');
    assert.deepEqual(splitImageTag('127.0.0.1:5000/app:1'), { name: '127.0.0.1:5000/app', tag: '1' });
    assert.deepEqual(splitImageTag('127.0.0.1:5000/app'), { name: '127.0.0.1:5000/app' });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('(unit) stats compute CPU % like docker stats', () => {
  const s = computeStats({
    read: 't',
    cpu_stats: { cpu_usage: { total_usage: 300 }, system_cpu_usage: 2000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
    memory_stats: { usage: 1000, limit: 4000, stats: { inactive_file: 200 } },
    networks: { eth0: { rx_bytes: 5, tx_bytes: 7 } },
  });
  assert.equal(s.cpuPercent, 40);
  assert.equal(s.memoryBytes, 800);
  assert.equal(s.memoryPercent, 20);
  assert.equal(s.netRxBytes + s.netTxBytes, 12);
});

test('(unit) logs `since` accepts durations, dates and epoch seconds', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  assert.equal(toDockerSince('10m', now), now / 1000 - 600);
  assert.equal(toDockerSince('90s', now), now / 1000 - 90);
  assert.equal(toDockerSince(1700000000), 1700000000);
  assert.equal(toDockerSince('2026-01-01T11:00:00Z'), now / 1000 - 3600);
  assert.equal(toDockerSince(new Date(now)), now / 1000);
  assert.equal(toDockerSince('soon'), undefined);
});
