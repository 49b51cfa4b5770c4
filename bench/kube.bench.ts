// Kubernetes client benchmarks against the test apiserver (run under test/infra/with-engines.sh):
//  1. list 10,000 pods (a fixture creates them, unscheduled) through our client vs `kubectl get pods -A
//     -o json` and vs client-node's typed CoreV1Api, in the same run;
//  2. kubernetes.apply + kubernetes.rollout of an example (needs the kube-node engine) vs
//     `kubectl apply --server-side` + `kubectl rollout status`.
// Usage: bash test/infra/with-engines.sh node --import tsx bench/kube.bench.ts [--pods N] [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { KubeClient, applyManifests, listResources, parseManifests } from '../src/core/clients/kubernetes/index.js';
import { applyStep } from '../src/core/runner/steps/kubernetes/applyStep.js';
import { rolloutStep } from '../src/core/runner/steps/kubernetes/rolloutStep.js';
import type { Executor, StepContext } from '../src/core/contracts/StepType.js';
import { DISPOSABLE, deployment, manifestText, pod } from '../test/helpers/kubePods.mjs';
import { median, numberArg } from './benchSupport.js';

const PODS = numberArg('pods', 10_000);
const RUNS = numberArg('runs', 5);
const NS = 'bench-pods';
const KUBECTLS = [process.env.ANSFLOW_TEST_KUBECTL, '/usr/bin/kubectl'].filter((k): k is string => !!k && existsSync(k));

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Creates PODS pods that no scheduler picks up (schedulerName is unknown), in parallel batches. */
async function fixture(kube: KubeClient): Promise<void> {
  await applyManifests(kube, parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ${NS} }\n`));
  const have = (await listResources(kube, 'pods', { namespace: NS, limit: 5000 })).items.length;
  if (have >= PODS) return;
  const t0 = performance.now();
  let next = have;
  const worker = async () => {
    while (next < PODS) {
      const i = next++;
      await kube.request('POST', `/api/v1/namespaces/${NS}/pods`, {
        body: pod({ name: `p-${i}`, labels: { app: `app-${i % 50}`, tier: i % 2 ? 'web' : 'db' } }, { schedulerName: 'ansflow-bench-unscheduled', containers: [{ name: 'c', command: ['sleep', '3600'], env: { INDEX: String(i) } }] }),
      });
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  console.log(`fixture: created ${PODS - have} pods in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function ctxFor(w: Record<string, unknown>, workspace: string): StepContext {
  return {
    runId: 'bench', step: 'b', stepId: 'b', attempt: 1, with: w, env: process.env as Record<string, string>, cwd: workspace, workspace,
    signal: new AbortController().signal, executor: undefined as unknown as Executor, log: () => {}, progress: () => {}, setOutput: () => {},
    secrets: {}, requestApproval: async () => 'approved', dryRun: false,
  };
}

const EXAMPLE = (ns: string, v: number) => `apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: ${ns} }
data: { version: "${v}" }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns} }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080, protocol: TCP }] }
---
${manifestText(deployment({ name: 'web', namespace: ns }, { replicas: 2, annotations: { version: String(v) }, ...DISPOSABLE, containers: [{ name: 'web', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] }))}`;

async function main(): Promise<void> {
  const kube = KubeClient.load();
  await fixture(kube);
  const total = (await listResources(kube, 'pods', { limit: 500 })).items.length;
  console.log(`listing ${total} pods across all namespaces, ${RUNS} runs each (median)`);
  const core = kube.kc.makeApiClient(CoreV1Api);
  const rows: Array<[string, number]> = [];
  const measure = async (name: string, fn: () => Promise<unknown> | unknown) => {
    await fn(); // warm-up (connection, caches)
    const ts: number[] = [];
    for (let r = 0; r < RUNS; r++) ts.push(await time(fn));
    rows.push([name, median(ts)]);
  };
  await measure('ansflow listResources (pages of 500, like kubectl)', () => listResources(kube, 'pods', { limit: 500 }));
  await measure('ansflow listResources (one request)', () => listResources(kube, 'pods'));
  await measure('client-node CoreV1Api.listPodForAllNamespaces()', () => core.listPodForAllNamespaces());
  for (const k of KUBECTLS) {
    await measure(`${k} get pods -A -o json`, () => {
      const r = spawnSync(k, ['get', 'pods', '-A', '-o', 'json'], { maxBuffer: 1 << 30, env: process.env });
      if (r.status !== 0) throw new Error(`${k} failed: ${r.stderr}`);
    });
  }
  const base = rows[0]![1];
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / base).toFixed(2)}× ansflow`);

  if (!(process.env.ANSFLOW_TEST_ENGINES ?? '').split(' ').includes('kube-node')) {
    console.log('apply + rollout: skipped (the kube-node engine is not up, so no pod can become ready)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 1; r <= Math.min(RUNS, 3); r++) {
    writeFileSync(join(dir, 'app.yaml'), EXAMPLE('bench-apply-a', r));
    ours.push(await time(async () => {
      if ((await applyStep.run(ctxFor({ manifests: ['app.yaml'] }, dir))).exitCode !== 0) throw new Error('apply failed');
      if ((await rolloutStep.run(ctxFor({ resource: 'deployment/web', namespace: 'bench-apply-a', timeout: '180s' }, dir))).exitCode !== 0) throw new Error('rollout failed');
    }));
    if (KUBECTLS[0]) {
      writeFileSync(join(dir, 'app-k.yaml'), EXAMPLE('bench-apply-k', r));
      theirs.push(await time(() => {
        const a = spawnSync(KUBECTLS[0]!, ['apply', '--server-side', '-f', join(dir, 'app-k.yaml')], { env: process.env });
        const s = spawnSync(KUBECTLS[0]!, ['rollout', 'status', 'deployment/web', '-n', 'bench-apply-k', '--timeout=180s'], { env: process.env });
        if (a.status !== 0 || s.status !== 0) throw new Error(`kubectl failed: ${a.stderr}${s.stderr}`);
      }));
    }
  }
  console.log(`kubernetes.apply + kubernetes.rollout (ConfigMap, Service, 2-replica Deployment; first run creates): ${ours.map((x) => x.toFixed(0)).join(', ')} ms`);
  if (theirs.length) console.log(`kubectl apply --server-side + rollout status, same example:                        ${theirs.map((x) => x.toFixed(0)).join(', ')} ms   (median ratio kubectl/ansflow ${(median(theirs) / median(ours)).toFixed(2)}×)`);
  kube.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
