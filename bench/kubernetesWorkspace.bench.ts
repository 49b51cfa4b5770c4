// Per-step overhead of the kubernetes executor with a 10 MB workspace, against the local executor
// and the kubernetes executor without the workspace (a plain Job), measured in the same run on the
// test kubelet. The step writes one small file, so the bring-back is part of the figure.
// Needs the test cluster with a node:
//   ANSFLOW_TEST_ENGINES_WANTED="docker kube kube-node" bash test/infra/with-engines.sh node --import tsx bench/kubernetesWorkspace.bench.ts
// Usage: node --import tsx bench/kubernetesWorkspace.bench.ts [--runs N] [--mib M]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { runPipeline } from '../src/core/runner/index.js';
import { KubeClient, deleteResource } from '../src/core/clients/kubernetes/index.js';
import { median, numberArg } from './benchSupport.js';

const RUNS = numberArg('runs', 5);
const MIB = numberArg('mib', 10);
const IMAGE = process.env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1';

/** Milliseconds the runner's own log line reports for sending the workspace tar into the pod. */
const shipped: number[] = [];

async function runOnce(ws: string, executor: string): Promise<number> {
  const yaml = `version: 1\nsteps:\n  t:\n    type: shell\n    executor: ${executor}\n    with: { shell: sh, run: 'echo done > bench-out.txt' }\n`;
  const parsed = parsePipeline(yaml, { file: join(ws, 'p.ansflow.yaml') });
  const t = performance.now();
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test' });
  handle.onEvent((e) => {
    const m = e.type === 'step-log' ? /workspace: \d+ files \(\d+ bytes\) shipped to .* in (\d+) ms/.exec(e.text) : null;
    if (m) shipped.push(Number(m[1]));
  });
  const s = await handle.done;
  const ms = performance.now() - t;
  if (s.status !== 'success') throw new Error(`${executor}: ${JSON.stringify(s.steps)}`);
  return ms;
}

async function main(): Promise<void> {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run through test/infra/with-engines.sh');
  const ns = `bench-kws-${randomBytes(3).toString('hex')}`;
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-bench-kws-'));
  // 10 MB as 100 files in 10 folders: random bytes, so nothing compresses it away.
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(ws, `d${d}`));
    for (let f = 0; f < 10; f++) writeFileSync(join(ws, `d${d}`, `f${f}.bin`), randomBytes((MIB * 1024 * 1024) / 100));
  }
  const kube = KubeClient.load();
  const local: number[] = [];
  const job: number[] = [];
  const withWs: number[] = [];
  try {
    await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    const kubeExec = (workspace: boolean) => `{ kind: kubernetes, image: ${IMAGE}, namespace: ${ns}, workspace: ${workspace} }`;
    await runOnce(ws, kubeExec(true)); // warm-up: loads client-node, the first pod on the node
    shipped.length = 0;
    for (let i = 0; i < RUNS; i++) {
      local.push(await runOnce(ws, 'local'));
      job.push(await runOnce(ws, kubeExec(false)));
      withWs.push(await runOnce(ws, kubeExec(true)));
    }
  } finally {
    await deleteResource(kube, 'namespaces', ns).catch(() => undefined);
    kube.dispose();
    rmSync(ws, { recursive: true, force: true });
  }
  const l = median(local);
  const j = median(job);
  const w = median(withWs);
  console.log(`local executor: median ${l.toFixed(0)} ms`);
  console.log(`kubernetes executor, workspace: false (plain Job): median ${j.toFixed(0)} ms → overhead ${(j - l).toFixed(0)} ms`);
  console.log(`kubernetes executor with a ${MIB} MB workspace: median ${w.toFixed(0)} ms → overhead ${(w - l).toFixed(0)} ms (sync ${(w - j).toFixed(0)} ms over the plain Job)  (${RUNS} runs)`);
  console.log(`  of which sending the ${MIB} MB tar into the pod (unpacked there): median ${median(shipped).toFixed(0)} ms`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
