// Security checks at scale: 1,000 manifests (each a multi-document file: Deployment + Service + a List
// holding a CronJob) scanned together from memory — time and findings/s; then the editor's path on
// a 5,000-line manifest: the time scanDocument takes after a one-line edit (the diagnostics refresh
// on top of a 250 ms typing debounce). Usage: node --import tsx bench/scan.bench.ts [--files N] [--runs N]
import { scanDocument } from '../src/core/scan/documentScan.js';
import { scanFiles } from '../src/core/scan/scanFiles.js';
import { HARDENED, RULE_FIXTURES } from '../test/unit/core/scan/k8sFixtures.js';
import { median, numberArg } from './benchSupport.js';

const FILES = numberArg('files', 1000);
const RUNS = numberArg('runs', 5);

const variants = Object.values(RULE_FIXTURES).map(([bad]) => bad);
const cronList = `---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: batch/v1\n    kind: CronJob\n    metadata: { name: c }\n    spec:\n      schedule: "0 * * * *"\n      jobTemplate:\n        spec:\n          template:\n            spec:\n              containers:\n                - { name: c, image: "busybox:latest" }\n`;
const texts = new Map<string, string>();
for (let i = 0; i < FILES; i++) texts.set(`/bench/m${i}.yaml`, variants[i % variants.length]! + cronList);
const files = [...texts.keys()];

const times: number[] = [];
let findings = 0;
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  findings = scanFiles(files, ['manifest'], undefined, (p) => texts.get(p)!).findings.length;
  times.push(performance.now() - t0);
}
const ms = median(times);
const lines = [...texts.values()].reduce((n, t) => n + t.split('\n').length, 0);
console.log(`scan ${FILES} manifest files (${lines} lines): median ${ms.toFixed(0)} ms over ${RUNS} runs, ${findings} findings, ${Math.round(findings / (ms / 1000))} findings/s`);

// One file of about 5,000 lines: the hardened set repeated, one document made bad.
let big = '';
while (big.split('\n').length < 5000) big += HARDENED + '---\n';
const edits: number[] = [];
for (let r = 0; r < RUNS * 4; r++) {
  const edited = big.replace('runAsUser: 10001', `runAsUser: ${r % 2 ? 0 : 10001}`);
  const t0 = performance.now();
  scanDocument('/bench/big.yaml', 'yaml', edited);
  edits.push(performance.now() - t0);
}
console.log(`diagnostics on a ${big.split('\n').length}-line manifest after an edit: median ${median(edits).toFixed(1)} ms, max ${Math.max(...edits).toFixed(1)} ms (${edits.length} edits)`);
