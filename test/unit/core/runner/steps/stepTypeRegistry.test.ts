// The runner loads a built-in step type's module when a step of that type first runs, so a run of
// shell steps keeps the Kubernetes and Docker clients (and their memory) out of the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import { BUILTIN_STEP_TYPE_NAMES, loadBuiltinStepTypes, loadStepType } from '../../../../../src/core/runner/steps/index.js';
import { BUILTIN_STEP_TYPES } from '../../../../../src/core/runner/steps/eagerStepTypes.js';
import { runPipeline } from '../../../../../src/core/runner/DagRunner.js';
import { pipeline, sh, step } from '../helpers/pipelines.js';

test('(unit) step type registry: each name loads the step type of that name, and the registry lists every built-in one', async () => {
  for (const name of BUILTIN_STEP_TYPE_NAMES) assert.equal((await loadStepType(name))?.type, name);
  assert.deepEqual([...BUILTIN_STEP_TYPE_NAMES].sort(), [...BUILTIN_STEP_TYPES.keys()].sort());
  const all = await loadBuiltinStepTypes();
  for (const [name, type] of all) assert.equal(type, BUILTIN_STEP_TYPES.get(name), `${name} is the same object either way`);
  assert.equal(await loadStepType('no.such'), undefined);
  assert.equal(await loadStepType('toString'), undefined);
});

test('(unit) step type registry: nothing the runner imports statically reaches the Kubernetes or Docker clients', () => {
  const r = buildSync({ entryPoints: ['src/core/runner/DagRunner.ts'], bundle: true, write: false, outfile: 'runner.cjs', platform: 'node', format: 'cjs', metafile: true, logLevel: 'silent', external: ['cpu-features', '*.node'] });
  const inputs = r.metafile.inputs;
  const reached = new Set<string>();
  const queue = ['src/core/runner/DagRunner.ts'];
  while (queue.length) {
    const f = queue.pop()!;
    if (reached.has(f)) continue;
    reached.add(f);
    for (const i of inputs[f]?.imports ?? []) if (i.kind !== 'dynamic-import' && !i.external) queue.push(i.path);
  }
  const heavy = [...reached].filter((f) => /node_modules\/(@kubernetes|dockerode|docker-modem|ssh2)\/|src\/core\/clients\/(kubernetes|docker)\/(KubeClient|DockerClient)/.test(f));
  assert.deepEqual(heavy, []);
  // The check itself sees the lazy modules (so it would notice a static import of them).
  assert.ok(Object.keys(inputs).some((f) => f.includes('node_modules/@kubernetes/client-node/')));
});

test('(unit) step type registry: the runner runs built-in types loaded on demand, and names an unknown one', async () => {
  const s = await runPipeline(pipeline([sh('hello', 'echo hi'), step('odd', { type: 'no.such.type', with: {} })])).done;
  assert.equal(s.steps.find((x) => x.step === 'hello')?.status, 'success');
  const odd = s.steps.find((x) => x.step === 'odd');
  assert.equal(odd?.status, 'failed');
  assert.match(odd?.reason ?? '', /unknown step type 'no\.such\.type'/);
});
