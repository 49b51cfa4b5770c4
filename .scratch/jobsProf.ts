import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createLanguageService } from '../src/vscode/language/worker/createService.js';
import { generatePipeline, inJobs } from '../bench/language.bench.js';
const STEPS = 2000;
const PER_JOB = Number(process.env.PER_JOB ?? 100);
const KEYS = Number(process.env.KEYS ?? 200);
let text = PER_JOB > 0 ? inJobs(generatePipeline(STEPS), PER_JOB) : generatePipeline(STEPS);
const schemaPath = join(__dirname, '..', 'schemas', 'pipeline.schema.json');
const ms: number[] = [];
const svc = createLanguageService({ schemaPath }, (_u, _v, _d, t) => ms.push(t));
const URI = 'file:///bench/generated.ansflow.yaml';
svc.handle({ type: 'open', uri: URI, version: 1, text, file: '/bench/generated.ansflow.yaml' });
svc.flush();
let version = 1;
for (let k = 0; k < KEYS; k++) {
  const step = k % 2 === 0 ? Math.floor(STEPS / 2) : Math.floor(STEPS / 3);
  const offset = text.indexOf(`step ${step} for`);
  text = text.slice(0, offset) + 'x' + text.slice(offset);
  svc.handle({ type: 'change', uri: URI, version: ++version, changes: [{ offset, length: 0, text: 'x' }] });
  svc.flush();
}
const s = ms.slice(10).sort((a, b) => a - b);
console.log(`analysis p50 ${s[Math.floor(s.length / 2)]!.toFixed(1)} p95 ${s[Math.floor(s.length * 0.95)]!.toFixed(1)}`);
