// Security checks at scale: 1,000 manifests (each a multi-document file: Deployment + Service + a List
// holding a CronJob) scanned together from memory — time and findings/s; then the editor's path on
// a 5,000-line manifest: the time a rescan takes after a one-line edit (the diagnostics refresh on top
// of a 250 ms typing debounce), whole text (`scanDocument`, the CLI's path) against the editor's
// WorkspaceScanner, which re-parses only the edited document, alternating in the same run. Usage: node --import tsx bench/scan.bench.ts [--files N] [--runs N]
import { scanDocument } from '../src/core/scan/documentScan.js';
import { scanFiles } from '../src/core/scan/scanFiles.js';
import { WorkspaceScanner } from '../src/core/scan/workspaceScan.js';
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
const whole: number[] = [];
const cached: number[] = [];
const ws = new WorkspaceScanner();
ws.update('file:///bench/big.yaml', '/bench/big.yaml', 'yaml', big);
for (let r = 0; r < RUNS * 4; r++) {
  const edited = big.replace('runAsUser: 10001', `runAsUser: ${r % 2 ? 0 : 10001}`);
  const sides = [
    () => scanDocument('/bench/big.yaml', 'yaml', edited),
    () => (ws.update('file:///bench/big.yaml', '/bench/big.yaml', 'yaml', edited), ws.findings('file:///bench/big.yaml')),
  ] as const;
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    const t0 = performance.now();
    const found = sides[i]!()!;
    (i ? cached : whole).push(performance.now() - t0);
    if (found.length !== (r % 2 ? 1 : 0)) throw new Error(`side ${i} found ${found.length} findings after edit ${r}`);
  }
}
const lineCount = big.split('\n').length;
console.log(`diagnostics on a ${lineCount}-line manifest after an edit, whole text: median ${median(whole).toFixed(1)} ms, max ${Math.max(...whole).toFixed(1)} ms (${whole.length} edits)`);
console.log(`diagnostics on a ${lineCount}-line manifest after an edit, editor (cached documents): median ${median(cached).toFixed(1)} ms, max ${Math.max(...cached).toFixed(1)} ms (${ws.cache.misses} documents parsed over ${cached.length} edits + the first scan)`);
