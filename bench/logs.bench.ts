// Merged logs bench: the core merger following 20 containers that each print 1,000 lines/s, against
// `docker logs -f` of the same containers (one CLI process each, lines counted) in the same run and
// over the same seconds. Reports lines/s taken by each side, the merger's dropped and paused
// counts, how far behind the line's own timestamp it reached the ring (p50/p95), and this process's
// peak RSS (the merger runs here; the docker CLIs are children and not counted). Goal: RSS < 200 MiB.
// Needs DOCKER_HOST: bash test/infra/with-engines.sh node --import tsx bench/logs.bench.ts [--seconds 60] [--containers 20] [--rate 1000]
import { spawn, type ChildProcess } from 'node:child_process';
import { DockerClient } from '../src/core/clients/docker/DockerClient.js';
import { LogMerger, dockerContainerSource } from '../src/core/logs/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
}

const SECONDS = arg('seconds', 60);
const CONTAINERS = arg('containers', 20);
const RATE = arg('rate', 1000);
const IMAGE = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1';
const DOCKER_CLI = process.env.ANSFLOW_DOCKER_CLI || '/usr/local/bin/docker';
// A burst of RATE/10 lines every 100 ms with the shell's builtin echo: one fork per burst, not per line.
const PRINTER = `n=0; while true; do i=0; while [ $i -lt ${RATE / 10} ]; do echo "level=info n=$n payload=abcdefghijklmnopqrstuvwxyz0123456789"; i=$((i+1)); n=$((n+1)); done; sleep 0.1; done`;

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
}

async function main(): Promise<void> {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through test/infra/with-engines.sh');
  const docker = DockerClient.connect();
  await docker.ping();
  const ids: string[] = [];
  const children: ChildProcess[] = [];
  const merger = new LogMerger({ bufferLines: 10_000 });
  try {
    for (let i = 0; i < CONTAINERS; i++) {
      const id = await docker.createContainer({ name: `ansflow-bench-logs-${process.pid}-${i}`, Image: IMAGE, Cmd: ['sh', '-c', PRINTER] });
      ids.push(id);
    }
    for (const id of ids) await docker.startContainer(id);

    // A reader like the view's host: takes what is new every 50 ms and notes each line's lag.
    const lags: number[] = [];
    let lastSeq = 0;
    const reader = setInterval(() => {
      const { lines } = merger.ring.readAfter(lastSeq);
      if (lines.length === 0) return;
      const now = Date.now();
      for (let i = 0; i < lines.length; i += 50) lags.push(now - lines[i].t);
      lastSeq = lines.at(-1)!.seq;
      merger.markRead(lastSeq);
    }, 50);

    let baseline = 0;
    const start = Date.now();
    for (const [i, id] of ids.entries()) {
      merger.add(dockerContainerSource(docker, id, `c${i}`, { tail: 0 }));
      const cli = spawn(DOCKER_CLI, ['logs', '-f', '--timestamps', '--tail', '0', id], { stdio: ['ignore', 'pipe', 'ignore'] });
      cli.stdout!.on('data', (b: Buffer) => {
        for (let k = b.indexOf(10); k >= 0; k = b.indexOf(10, k + 1)) baseline++;
      });
      children.push(cli);
    }
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const elapsed = (Date.now() - start) / 1000;
    const stats = merger.stats();
    const base = baseline;
    clearInterval(sampler);
    clearInterval(reader);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    lags.sort((a, b) => a - b);

    const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
    console.log(`merged logs: ${CONTAINERS} containers × ${RATE} lines/s for ${elapsed.toFixed(1)} s`);
    console.log(`  merger      ${(stats.emitted / elapsed).toFixed(0)} lines/s into the ring (${stats.emitted} lines, received ${stats.received}, queued at the end ${stats.queued})`);
    console.log(`  docker logs -f  ${(base / elapsed).toFixed(0)} lines/s (${base} lines)   ratio ${(stats.emitted / Math.max(1, base)).toFixed(2)}×`);
    console.log(`  dropped ${stats.dropped}, sources paused at the end ${stats.paused}`);
    console.log(`  lag from the line's timestamp to the reader: p50 ${pct(lags, 50).toFixed(0)} ms, p95 ${pct(lags, 95).toFixed(0)} ms`);
    console.log(`  peak RSS of this process ${mib(peakRss)} MiB (goal < 200 MiB) ${peakRss < 200 * 1024 * 1024 ? 'ok' : 'MISSED'}`);
  } finally {
    merger.dispose();
    for (const c of children) c.kill();
    for (const id of ids) await docker.removeContainer(id, { force: true }).catch(() => undefined);
  }
}

main().catch((e: Error) => {
  console.error(`logs bench: ${e.message}`);
  process.exitCode = 1;
});
