// A runner process for the killed-runner test: runs the pipeline file given as argv[2] in its folder
// and prints step output, so the test can SIGKILL it while a step with services runs.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';

const file = process.argv[2]!;
const handle = runPipeline(parsePipeline(readFileSync(file, 'utf8'), { file }), { workspace: dirname(file), trigger: 'test' });
handle.onEvent((e) => {
  if (e.type === 'step-log') process.stdout.write(e.text);
});
void handle.done;
