// Containers view benchmark on the test dockerd, against a baseline measured in the same run:
//  1. time to rows: a new ContainersModel (first list of containers, images, volumes, networks, then
//     the tree) with N containers and M distinct images, cold and warm, vs the docker CLI listing the
//     same (`docker ps -a --format json` + `docker images --format json`, run one after the other);
//  2. event latency: a container created → its row in the live model (through the events stream).
// Needs DOCKER_HOST (`ANSFLOW_TEST_ENGINES_WANTED=docker bash test/infra/with-engines.sh node --import tsx bench/containers.bench.ts`).
// Usage: node --import tsx bench/containers.bench.ts [--containers 500] [--images 1000] [--rounds 5] [--events 20]
import { execFileSync } from 'node:child_process';
import { DockerClient } from '../src/core/clients/docker/DockerClient.js';
import { ContainersModel, type ContainersNode } from '../src/core/views/containers/index.js';
import { median, numberArg } from './benchSupport.js';

const CONTAINERS = numberArg('containers', 500);
const IMAGES = numberArg('images', 1000);
const ROUNDS = numberArg('rounds', 5);
const EVENTS = numberArg('events', 20);
const BASE = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1';
const DOCKER_CLI = process.env.ANSFLOW_DOCKER_CLI || '/usr/local/bin/docker';
const LABEL = 'ansflow.bench';
const ms = (x: number): string => `${x.toFixed(0)} ms`;

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
}

function countRows(nodes: ContainersNode[]): { containers: number; images: number } {
  let containers = 0;
  let images = 0;
  const walk = (ns: ContainersNode[]): void => {
    for (const n of ns) {
      if (n.data.kind === 'container') containers++;
      if (n.data.kind === 'image') images++;
      walk(n.children ?? []);
    }
  };
  walk(nodes);
  return { containers, images };
}

async function untilRows(model: ContainersModel, pred: (tree: ContainersNode[]) => boolean): Promise<void> {
  for (;;) {
    if (model.state === 'connected' && pred(model.tree())) return;
    await new Promise<void>((resolve) => {
      const sub = model.onDidChange(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(resolve, 50);
    });
  }
}

async function seed(docker: DockerClient): Promise<void> {
  const have = await docker.listContainers({ filters: { label: [LABEL] } });
  const t0 = performance.now();
  await pool(Math.max(0, CONTAINERS - have.length), 4, async (i) => {
    await docker.createContainer({ name: `bench-c-${have.length + i}`, Image: BASE, Cmd: ['sleep', '3600'], Labels: { [LABEL]: '1', ...(i % 5 === 0 ? { 'com.docker.compose.project': `bench-p${i % 40}` } : {}) } });
  });
  // distinct images: commit one stopped container with a different label each time (layers shared)
  const seedId = await docker.createContainer({ Image: BASE, Cmd: ['true'], Labels: { [LABEL]: 'seed' } });
  const existing = (await docker.listImages()).filter((i) => (i.RepoTags ?? []).some((t) => t.startsWith('bench-img/'))).length;
  await pool(Math.max(0, IMAGES - existing), 4, async (i) => {
    const n = existing + i;
    await docker.api.getContainer(seedId).commit({ repo: `bench-img/r${n % 100}`, tag: `t${n}`, changes: [`LABEL n=${n}`] });
  });
  console.log(`seeded ${CONTAINERS} containers and ${IMAGES} images in ${ms(performance.now() - t0)}`);
}

async function main(): Promise<void> {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through test/infra/with-engines.sh');
  const docker = DockerClient.connect();
  await docker.ping();
  await seed(docker);

  const ours: number[] = [];
  const warm: number[] = [];
  const cli: number[] = [];
  let rows = { containers: 0, images: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    // alternate which side goes first, so neither always meets a warmer engine
    const runOurs = async (): Promise<void> => {
      const t = performance.now();
      const model = new ContainersModel(DockerClient.connect(), { pollMs: 3_600_000 });
      model.start();
      await untilRows(model, (tree) => tree.length === 4);
      rows = countRows(model.tree());
      ours.push(performance.now() - t);
      const t2 = performance.now();
      await model.refresh();
      rows = countRows(model.tree());
      warm.push(performance.now() - t2);
      model.dispose();
    };
    const runCli = (): void => {
      const t = performance.now();
      const ps = execFileSync(DOCKER_CLI, ['ps', '-a', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const im = execFileSync(DOCKER_CLI, ['images', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      cli.push(performance.now() - t);
      if (r === 0) console.log(`docker CLI lines: ${ps.trim().split('\n').length} containers, ${im.trim().split('\n').length} image tags`);
    };
    if (r % 2) {
      runCli();
      await runOurs();
    } else {
      await runOurs();
      runCli();
    }
  }
  console.log(`tree rows: ${rows.containers} containers, ${rows.images} image tags`);
  const o = median(ours);
  const c = median(cli);
  console.log(`time to rows, new model (median of ${ROUNDS}): ${ms(o)} | warm refresh: ${ms(median(warm))} | docker ps -a + docker images: ${ms(c)} | ratio ${(c / o).toFixed(2)}× (>1: ours faster)`);

  // event latency: create → row in the live model
  const model = new ContainersModel(docker, { pollMs: 3_600_000 });
  model.start();
  await untilRows(model, (tree) => tree.length === 4);
  const lat: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const name = `bench-ev-${Date.now().toString(36)}-${i}`;
    const t = performance.now();
    await docker.createContainer({ name, Image: BASE, Cmd: ['true'], Labels: { [LABEL]: 'ev' } });
    await untilRows(model, (tree) => JSON.stringify(tree).includes(`"label":"${name}"`));
    lat.push(performance.now() - t);
  }
  model.dispose();
  const sorted = [...lat].sort((a, b) => a - b);
  console.log(`event latency, create → row (${EVENTS} containers, ${CONTAINERS}+ listed): p50 ${ms(median(lat))}, max ${ms(sorted[sorted.length - 1])} (includes the create call and the debounced reload)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
