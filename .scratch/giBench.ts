import { performance } from 'node:perf_hooks';
import { parsePipeline, StepCache } from '../src/core/pipeline/index.js';
import { graphInputs, sameGraphInputs } from '../src/core/pipeline/validate/graphInputs.js';
import { graphInputs as old } from './graphInputsOld.js';
import { generatePipeline, inJobs } from '../bench/language.bench.js';
const text = process.env.PLAIN ? generatePipeline(2000) : inJobs(generatePipeline(2000), 100);
const p = parsePipeline(text, { file: '/x.yaml', ...(process.env.NOCACHE ? {} : { stepCache: new StepCache({ reuseDocument: true, shareSteps: true }) }) }).pipeline;
let prevNew = graphInputs(p); let prevOld = old(p);
for (let r = 0; r < 4; r++) {
  let t = performance.now(); let same = 0;
  for (let i = 0; i < 200; i++) { const x = old(p); if (x === prevOld) same++; prevOld = x; }
  const a = (performance.now() - t) / 200;
  t = performance.now();
  for (let i = 0; i < 200; i++) { const x = graphInputs(p); if (sameGraphInputs(prevNew, x)) same++; prevNew = x; }
  const b = (performance.now() - t) / 200;
  console.log(`old ${a.toFixed(3)} ms, new ${b.toFixed(3)} ms`, same, prevNew.length);
}
