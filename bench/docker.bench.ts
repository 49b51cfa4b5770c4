// Docker benchmarks, each against a baseline measured in the same run on the same engine:
//  1. build + run the example image (test/integration/docker/fixtures/app, no cache) through the
//     docker.build / docker.run step types vs the docker CLI (`docker build` + `docker run --rm`).
//  2. container executor overhead per step: `true` in a container vs the same through LocalExecutor.
// Needs DOCKER_HOST (e.g. `bash test/infra/with-engines.sh node --import tsx bench/docker.bench.ts`).
// Usage: node --import tsx bench/docker.bench.ts [--runs N] [--steps N]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Executor, StepContext } from '../src/core/contracts/StepType.js';
import { DockerClient } from '../src/core/clients/docker/DockerClient.js';
import { dockerBuildStep } from '../src/core/runner/steps/docker/dockerBuildStep.js';
import { dockerRunStep } from '../src/core/runner/steps/docker/dockerRunStep.js';
import { ContainerExecutor } from '../src/core/runner/executors/ContainerExecutor.js';
import { LocalExecutor } from '../src/core/runner/executors/LocalExecutor.js';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { runPipeline } from '../src/core/runner/index.js';
import { median, numberArg } from './benchSupport.js';

const RUNS = numberArg('runs', 5);
const STEPS = numberArg('steps', 10);
const BASE = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1';
const DOCKER_CLI = process.env.ANSFLOW_DOCKER_CLI || '/usr/local/bin/docker';
const APP = join(__dirname, '..', 'test', 'integration', 'docker', 'fixtures', 'app');

function ctxFor(w: Record<string, unknown>, workspace: string, executor?: Executor): StepContext {
  return {
    runId: 'bench', step: 'b', stepId: 'b', attempt: 1, with: w, workspace, cwd: workspace,
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
    signal: new AbortController().signal, executor: executor ?? new LocalExecutor(),
    log: () => undefined, progress: () => undefined, setOutput: () => undefined, secrets: {},
    requestApproval: async () => 'approved', dryRun: false,
  };
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through test/infra/with-engines.sh');
  const docker = DockerClient.connect();
  await docker.ping();
  const ours: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const tagA = `ansflow-bench-a:${i}`;
    const tagB = `ansflow-bench-b:${i}`;
    // Alternate the order so neither side always runs on a warmer engine.
    const runOurs = async () =>
      ours.push(
        await timed(async () => {
          const b = await dockerBuildStep.run(ctxFor({ context: APP, tags: [tagA], buildArgs: { BASE, GREETING: `a${i}` }, target: 'final', noCache: true }, APP));
          if (b.exitCode !== 0) throw new Error(b.message);
          const r = await dockerRunStep.run(ctxFor({ image: tagA, command: ['cat', '/www/index.html'] }, APP));
          if (r.exitCode !== 0) throw new Error(r.message);
        }),
      );
    const runCli = async () =>
      cli.push(
        await timed(() => {
          const env = { ...process.env, DOCKER_BUILDKIT: '0' };
          execFileSync(DOCKER_CLI, ['build', '-q', '--no-cache', '--build-arg', `BASE=${BASE}`, '--build-arg', `GREETING=b${i}`, '--target', 'final', '-t', tagB, APP], { env, stdio: 'pipe' });
          execFileSync(DOCKER_CLI, ['run', '--rm', tagB, 'cat', '/www/index.html'], { env, stdio: 'pipe' });
        }),
      );
    if (i % 2 === 0) {
      await runOurs();
      await runCli();
    } else {
      await runCli();
      await runOurs();
    }
    await docker.removeImage(tagA, { force: true }).catch(() => undefined);
    await docker.removeImage(tagB, { force: true }).catch(() => undefined);
  }
  const o = median(ours);
  const c = median(cli);
  console.log(`docker build + run of the example image (no cache, ${RUNS} runs each):`);
  console.log(`  docker.build + docker.run steps  median ${o.toFixed(0)} ms`);
  console.log(`  docker CLI build + run --rm      median ${c.toFixed(0)} ms`);
  console.log(`  ratio (steps / CLI): ${(o / c).toFixed(2)}×`);

  const ws = mkdtempSync(join(tmpdir(), 'ansflow-bench-ws-'));
  try {
    const container = new ContainerExecutor({ image: BASE, pull: 'never' }, { workspace: ws });
    const local = new LocalExecutor();
    const spec = { command: 'true', args: [] };
    await container.run(spec, ctxFor({}, ws)); // warm-up
    const inContainer: number[] = [];
    const onHost: number[] = [];
    const cliRun: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      inContainer.push(await timed(() => container.run(spec, ctxFor({}, ws))));
      onHost.push(await timed(() => local.run(spec, ctxFor({}, ws))));
      cliRun.push(await timed(() => execFileSync(DOCKER_CLI, ['run', '--rm', '-v', `${ws}:${ws}`, '-w', ws, BASE, 'true'], { stdio: 'pipe' })));
    }
    const ci = median(inContainer);
    const lo = median(onHost);
    const cr = median(cliRun);
    console.log(`container executor vs local executor, \`true\` × ${STEPS}:`);
    console.log(`  container median ${ci.toFixed(0)} ms/step, local median ${lo.toFixed(1)} ms/step`);
    console.log(`  overhead per step: ${(ci - lo).toFixed(0)} ms (ratio ${(ci / lo).toFixed(0)}×)`);
    console.log(`  same step as \`docker run --rm -v ws:ws IMAGE true\` (CLI): median ${cr.toFixed(0)} ms → executor/CLI ${(ci / cr).toFixed(2)}×`);
    // The same through the runner: a chain of STEPS `shell` steps, container executor vs local.
    const pipeline = (container: boolean): string =>
      `version: 1\nname: overhead\nsteps:\n` +
      Array.from({ length: STEPS }, (_, i) =>
        `  s${i}:\n    type: shell\n${i ? `    needs: s${i - 1}\n` : ''}${container ? `    executor:\n      kind: container\n      image: ${BASE}\n      pull: never\n` : ''}    with:\n      shell: sh\n      run: "true"\n`,
      ).join('');
    const viaRunner = async (container: boolean): Promise<number> => {
      const text = pipeline(container);
      const parsed = parsePipeline(text, { file: join(ws, 'p.ansflow.yaml') });
      return timed(async () => {
        const s = await runPipeline(parsed, { workspace: ws, trigger: 'bench' }).done;
        if (s.status !== 'success') throw new Error(`runner pipeline ${s.status}`);
      });
    };
    const rc = await viaRunner(true);
    const rl = await viaRunner(false);
    console.log(`through the runner, a chain of ${STEPS} shell steps: container ${(rc / STEPS).toFixed(0)} ms/step, local ${(rl / STEPS).toFixed(0)} ms/step → overhead ${((rc - rl) / STEPS).toFixed(0)} ms/step`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
