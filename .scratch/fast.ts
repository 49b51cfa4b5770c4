import { parsePipeline, StepCache } from '../src/core/pipeline/index.js';
import { generatePipeline, inJobs } from '../bench/language.bench.js';
const text = inJobs(generatePipeline(200), 100);
const fast = (o: object): boolean => (globalThis as any).eval('(o) => %HasFastProperties(o)')(o);
for (const cache of [undefined, new StepCache({ reuseDocument: true, shareSteps: true })]) {
  const p = parsePipeline(text, { file: '/x.yaml', ...(cache ? { stepCache: cache } : {}) }).pipeline;
  let n = 0; for (const s of p.steps) if (fast(s)) n++;
  console.log(cache ? 'cache' : 'plain', `${n}/${p.steps.length} fast`, Object.keys(p.steps[5]!).length);
}
const same = (a: object, b: object): boolean => (globalThis as any).eval('(a, b) => %HaveSameMap(a, b)')(a, b);
for (const cache of [undefined, new StepCache({ reuseDocument: true, shareSteps: true })]) {
  const p = parsePipeline(text, { file: '/x.yaml', ...(cache ? { stepCache: cache } : {}) }).pipeline;
  const maps: object[] = [];
  for (const s of p.steps) if (!maps.some((m) => same(m, s))) maps.push(s);
  console.log(cache ? 'cache' : 'plain', 'distinct maps', maps.length);
}
