// Helm release listing: 50 releases (installed by a fixture from a tiny local chart) read natively
// from their Secrets vs `helm list -A -o json`, in the same run, plus the results compared.
// Usage: bash test/infra/with-engines.sh node --import tsx bench/helm.bench.ts [--releases N] [--runs N]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { KubeClient } from '../src/core/clients/kubernetes/index.js';
import { chartLabel, findHelm, helmInstall, helmList, listHelmReleases, runToolCommand } from '../src/core/clients/helm/index.js';
import { median, numberArg } from './benchSupport.js';

const RELEASES = numberArg('releases', 50);
const RUNS = numberArg('runs', 7);
const NS = 'bench-helm';

async function main(): Promise<void> {
  const helm = findHelm(process.env.ANSFLOW_TEST_HELM);
  const kube = KubeClient.load();
  const existing = await listHelmReleases(kube, { namespace: NS });
  if (existing.length < RELEASES) {
    const chart = join(mkdtempSync(join(tmpdir(), 'bench-chart-')), 'demo');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: "1.0"\n');
    writeFileSync(join(chart, 'values.yaml'), 'size: 10\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n{{- range $i := until (int .Values.size) }}\n  key{{ $i }}: "value {{ $i }}"\n{{- end }}\n');
    const t0 = performance.now();
    let next = existing.length;
    const worker = async () => {
      while (next < RELEASES) {
        const i = next++;
        await runToolCommand(helmInstall(helm, { release: `rel-${i}`, chart, namespace: NS, createNamespace: true, set: { size: 10 + (i % 20) } }));
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    console.log(`fixture: installed ${RELEASES - existing.length} releases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const native = async () => listHelmReleases(kube);
  const cli = async () => runToolCommand(helmList(helm));
  await native();
  await cli();
  const tn: number[] = [];
  const tc: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    await native();
    tn.push(performance.now() - t0);
    t0 = performance.now();
    await cli();
    tc.push(performance.now() - t0);
  }
  const a = (await native()).map((r) => ({ name: r.name, namespace: r.namespace, revision: String(r.revision), status: r.status, chart: chartLabel(r), app_version: r.appVersion }));
  const b = (await cli()).map(({ updated: _u, ...rest }) => rest);
  console.log(`${a.length} releases; native list equals helm list -A -o json (minus 'updated'): ${isDeepStrictEqual(a, b)}`);
  console.log(`  native (Secrets, decode latest revisions)  ${median(tn).toFixed(0).padStart(6)} ms   1.00×`);
  console.log(`  helm list -A -o json                       ${median(tc).toFixed(0).padStart(6)} ms   ${(median(tc) / median(tn)).toFixed(2)}× native`);
  kube.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
