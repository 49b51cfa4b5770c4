// Services overhead per step, against baselines measured in the same run on the same engine:
//  - a local `true` step with one busybox service (no health check: ready once running) vs the same
//    step without services, through runPipeline;
//  - the docker CLI doing the same lifecycle by hand (network create, run -d on it, rm -f, network rm).
// Needs DOCKER_HOST (`ANSFLOW_TEST_ENGINES_WANTED=docker bash test/infra/with-engines.sh node --import tsx bench/services.bench.ts`).
// Usage: node --import tsx bench/services.bench.ts [--runs N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { runPipeline } from '../src/core/runner/index.js';
import { median, numberArg } from './benchSupport.js';

const RUNS = numberArg('runs', 7);
const BASE = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1';
const DOCKER_CLI = process.env.ANSFLOW_DOCKER_CLI || '/usr/local/bin/docker';

async function runOnce(ws: string, services: boolean, health: boolean): Promise<number> {
  const svc = services
    ? `\n    services:\n      s:\n        image: ${BASE}\n        command: sleep 600\n${health ? '        healthcheck: { cmd: "true", interval: 100ms }\n' : ''}`
    : '\n';
  const yaml = `version: 1\nsteps:\n  t:\n    type: shell${svc}    with: { shell: sh, run: 'true' }\n`;
  const parsed = parsePipeline(yaml, { file: join(ws, 'p.ansflow.yaml') });
  const t = performance.now();
  const s = await runPipeline(parsed, { workspace: ws, trigger: 'test' }).done;
  const ms = performance.now() - t;
  if (s.status !== 'success') throw new Error(JSON.stringify(s.steps));
  return ms;
}

function cliOnce(i: number): number {
  const net = `ansflow-bench-svc-${process.pid}-${i}`;
  const t = performance.now();
  execFileSync(DOCKER_CLI, ['network', 'create', net], { stdio: 'ignore' });
  execFileSync(DOCKER_CLI, ['run', '-d', '--init', '--name', net, '--network', net, BASE, 'sleep', '600'], { stdio: 'ignore' });
  execFileSync(DOCKER_CLI, ['rm', '-f', net], { stdio: 'ignore' });
  execFileSync(DOCKER_CLI, ['network', 'rm', net], { stdio: 'ignore' });
  return performance.now() - t;
}

async function main(): Promise<void> {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run through test/infra/with-engines.sh');
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-bench-svc-'));
  const plain: number[] = [];
  const withSvc: number[] = [];
  const withHealth: number[] = [];
  const cli: number[] = [];
  try {
    await runOnce(ws, true, false); // warm-up: loads dockerode, first network on the engine
    for (let i = 0; i < RUNS; i++) {
      plain.push(await runOnce(ws, false, false));
      withSvc.push(await runOnce(ws, true, false));
      withHealth.push(await runOnce(ws, true, true));
      cli.push(cliOnce(i));
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  const p = median(plain);
  const s = median(withSvc);
  const h = median(withHealth);
  const c = median(cli);
  console.log(`step without services: median ${p.toFixed(0)} ms`);
  console.log(`step with one service (ready when running): median ${s.toFixed(0)} ms → overhead ${(s - p).toFixed(0)} ms`);
  console.log(`step with one service and a health check (interval 100ms): median ${h.toFixed(0)} ms → overhead ${(h - p).toFixed(0)} ms`);
  console.log(`docker CLI: network create + run -d + rm -f + network rm: median ${c.toFixed(0)} ms`);
  console.log(`ratio (services overhead / docker CLI lifecycle): ${((s - p) / c).toFixed(2)}×  (${RUNS} runs)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
