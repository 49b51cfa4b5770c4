import { performance } from 'node:perf_hooks';
import { parsePipeline } from '../src/core/pipeline/index.js';
import { linkJobs } from '../src/core/pipeline/parse/readJobs.js';
import { generatePipeline, inJobs } from '../bench/language.bench.js';
const text = inJobs(generatePipeline(2000), 100);
const p = parsePipeline(text, { file: '/x.yaml' }).pipeline;
const before = JSON.stringify(p.steps.map((s) => s.implicitNeeds));
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  for (let i = 0; i < 200; i++) linkJobs(p.jobs!, p.steps);
  console.log(((performance.now() - t) / 200).toFixed(3), 'ms per linkJobs');
}
console.log(JSON.stringify(p.steps.map((s) => s.implicitNeeds)) === before ? 'same' : 'DIFFERENT');
