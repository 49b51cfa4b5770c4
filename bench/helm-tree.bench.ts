// The Helm Releases tree model: 50 releases with 3 revisions each (a fixture from a tiny local chart).
// Times, in the same run: expanding context > namespace to the release rows from a cold model (list
// of the storage Secrets plus decoding each latest revision) vs `helm list -A -o json`; and how long
// after `helm upgrade` returns the watch has the new revision in the model.
// Usage: bash test/infra/with-engines.sh node --import tsx bench/helm-tree.bench.ts [--releases N] [--runs N]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from '../src/core/clients/kubernetes/index.js';
import { findHelm, helmInstall, helmList, helmUpgrade, listHelmReleases, runToolCommand } from '../src/core/clients/helm/index.js';
import { HelmReleasesModel, HelmStorageWatch } from '../src/core/views/helm/index.js';
import { median, numberArg } from './benchSupport.js';

const RELEASES = numberArg('releases', 50);
const RUNS = numberArg('runs', 7);
const NS = 'bench-helm-tree';

async function main(): Promise<void> {
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const kube = KubeClient.load();
  const chart = join(mkdtempSync(join(tmpdir(), 'bench-chart-')), 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: "1.0"\n');
  writeFileSync(join(chart, 'values.yaml'), 'size: 10\n');
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n{{- range $i := until (int .Values.size) }}\n  key{{ $i }}: "value {{ $i }}"\n{{- end }}\n');
  const existing = await listHelmReleases(kube, { namespace: NS });
  if (existing.length < RELEASES) {
    const t0 = performance.now();
    let next = existing.length;
    const worker = async () => {
      while (next < RELEASES) {
        const i = next++;
        await runToolCommand(helmInstall(helm, { release: `rel-${i}`, chart, namespace: NS, createNamespace: true }));
        for (const size of [20, 30]) await runToolCommand(helmUpgrade(helm, { release: `rel-${i}`, chart, namespace: NS, set: { size } }));
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    console.log(`fixture: ${RELEASES - existing.length} releases × 3 revisions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const context = kube.context;
  const coldRows = async (): Promise<number> => {
    const model = new HelmReleasesModel({ contexts: () => [{ name: context, selected: true, namespace: NS }], storageFor: (c) => new HelmStorageWatch(kube.withContext(c)) });
    try {
      const [ctx] = await model.children();
      const [ns] = await model.children(ctx);
      return (await model.children(ns)).length;
    } finally {
      model.dispose();
    }
  };
  const cli = async () => (await runToolCommand(helmList(helm))).length;
  await coldRows();
  await cli();
  const tm: number[] = [];
  const tc: number[] = [];
  let rows = 0;
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    rows = await coldRows();
    tm.push(performance.now() - t0);
    t0 = performance.now();
    await cli();
    tc.push(performance.now() - t0);
  }
  console.log(`${rows} release rows (${RELEASES * 3}+ stored revisions)`);
  console.log(`  tree model, cold: context > namespace > release rows  ${median(tm).toFixed(0).padStart(6)} ms   1.00×`);
  console.log(`  helm list -A -o json                                  ${median(tc).toFixed(0).padStart(6)} ms   ${(median(tc) / median(tm)).toFixed(2)}× the model`);

  // Live: the model is expanded (watch running); each round upgrades one release and waits for the row.
  const model = new HelmReleasesModel({ contexts: () => [{ name: context, selected: true, namespace: NS }], storageFor: (c) => new HelmStorageWatch(kube.withContext(c)), debounceMs: 0 });
  const [ctx] = await model.children();
  await model.children(ctx);
  const seen: number[] = [];
  const took: number[] = [];
  for (let r = 0; r < 5; r++) {
    const want = (model.history(context, NS, 'rel-0')[0]?.revision ?? 0) + 1;
    const has = () => model.history(context, NS, 'rel-0')[0]?.revision === want;
    let resolve!: (at: number) => void;
    const arrived = new Promise<number>((res) => (resolve = res));
    const sub = model.onDidChange(() => has() && resolve(performance.now()));
    const t0 = performance.now();
    await runToolCommand(helmUpgrade(helm, { release: 'rel-0', chart, namespace: NS, set: { size: 40 + r } }));
    took.push(performance.now() - t0);
    seen.push((await arrived) - t0);
    sub.dispose();
  }
  model.dispose();
  // helm stores the new revision early in its run; the row arriving before helm returns is the usual case.
  console.log(`  new revision in the model, from helm upgrade's start: median ${median(seen).toFixed(0)} ms (helm upgrade itself: median ${median(took).toFixed(0)} ms; 5 upgrades)`);
  kube.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
