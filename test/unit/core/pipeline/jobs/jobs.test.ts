import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, parsePipeline, selectTargets } from '../../../../../src/core/pipeline/index.js';
import { planInstances } from '../../../../../src/core/runner/planInstances.js';

const CI = `version: 1
env: { CI: 'true' }
steps:
  lint: { type: shell, with: { run: echo lint } }
jobs:
  build:
    workingDirectory: app
    env: { MODE: release }
    steps:
      compile: { type: shell, with: { run: make } }
      package: { type: shell, env: { MODE: debug }, with: { run: tar } }
  test:
    needs: [build, lint]
    matrix: { node: [18, 20] }
    executor: { kind: container, image: "node:20" }
    steps:
      install: { type: shell, with: { run: npm ci } }
      unit: { type: shell, with: { run: npm test } }
      e2e: { type: shell, needs: install, with: { run: npm run e2e } }
      report: { type: shell, executor: local, with: { run: echo } }
`;

const errors = (text: string) => parsePipeline(text).diagnostics.filter((d) => d.severity === 'error');

test('(unit) jobs: steps take the job settings; written order and job needs become implicit needs', () => {
  const text = CI;
  assert.deepEqual(errors(text), []);
  const p = parsePipeline(text).pipeline;
  assert.deepEqual(p.jobs?.map((j) => [j.name, j.steps]), [['build', ['compile', 'package']], ['test', ['install', 'unit', 'e2e', 'report']]]);
  const by = new Map(p.steps.map((s) => [s.id, s]));
  assert.equal(by.get('compile')!.workingDirectory, 'app');
  assert.deepEqual(by.get('package')!.env, { MODE: 'debug' });
  assert.deepEqual(by.get('compile')!.env, { MODE: 'release' });
  assert.equal(by.get('unit')!.executor?.kind, 'container');
  assert.equal(by.get('report')!.executor?.kind, 'local');
  assert.equal(by.get('package')!.implicitNeeds?.join(), 'compile');
  // The first step of a job waits for every step of the jobs (and steps) it needs.
  assert.deepEqual(by.get('install')!.implicitNeeds, ['compile', 'package', 'lint']);
  assert.deepEqual(by.get('unit')!.implicitNeeds, ['install']);
  assert.equal(by.get('e2e')!.implicitNeeds, undefined, 'explicit needs: exactly those');
  assert.deepEqual(by.get('report')!.implicitNeeds, ['e2e']);
  assert.deepEqual(by.get('unit')!.matrixKeys, ['node']);
  const graph = buildGraph(p);
  assert.deepEqual(graph.layers, [['lint', 'compile'], ['package'], ['install'], ['unit', 'e2e'], ['report']]);
});

test('(unit) jobs: each matrix instance of a job runs its own chain', () => {
  const p = parsePipeline(CI).pipeline;
  const deps = new Map(planInstances(p).map((i) => [i.key, i.deps]));
  assert.deepEqual(deps.get('unit[node=20]'), ['install[node=20]']);
  assert.deepEqual(deps.get('e2e[node=18]'), ['install[node=18]']);
  assert.deepEqual(deps.get('install[node=18]'), ['compile', 'package', 'lint']);
  // Outside the job, a need on a matrix step still waits for every instance.
  const more = parsePipeline(`${CI}  after:
    needs: test
    steps:
      done: { type: shell, with: { run: echo } }
`).pipeline;
  const d = new Map(planInstances(more).map((i) => [i.key, i.deps]));
  assert.equal(d.get('done')!.length, 8);
});

test('(unit) jobs: a step outside jobs may need a job; --target takes a job name', () => {
  const text = `version: 1
jobs:
  build:
    steps:
      a: { type: shell, with: { run: echo } }
      b: { type: shell, with: { run: echo } }
  docs:
    steps:
      d: { type: shell, with: { run: echo } }
steps:
  ship: { type: shell, needs: build, with: { run: echo } }
`;
  assert.deepEqual(errors(text), []);
  const p = parsePipeline(text).pipeline;
  assert.deepEqual(p.steps.find((s) => s.id === 'ship')!.implicitNeeds, ['a', 'b']);
  assert.deepEqual(selectTargets(p, ['ship']).pipeline.steps.map((s) => s.id), ['ship', 'a', 'b']);
  assert.deepEqual(selectTargets(p, ['docs']).pipeline.steps.map((s) => s.id), ['d']);
});

test('(unit) jobs: unknown job needs, job cycles, a step matrix inside a matrix job, duplicate ids across jobs', () => {
  const d = errors(`version: 1
jobs:
  a:
    needs: [b]
    matrix: { x: [1, 2] }
    steps:
      s1: { type: shell, matrix: { y: [1] }, with: { run: echo } }
  b:
    needs: [a, nope]
    steps:
      s2: { type: shell, with: { run: echo } }
      s1: { type: shell, with: { run: echo } }
`);
  const codes = d.map((x) => `${x.code}: ${x.message}`);
  assert.ok(codes.some((c) => c.startsWith("unknown-need: job 'b' needs unknown job or step 'nope'")), codes.join('\n'));
  // Steps outside jobs are needs a job may name, so they are suggestions too.
  const near = errors('version: 1\nsteps:\n  lint: { type: shell, with: { run: x } }\njobs:\n  j:\n    needs: lnit\n    steps:\n      s: { type: shell, with: { run: x } }\n');
  assert.deepEqual(near.map((x) => x.message), ["job 'j' needs unknown job or step 'lnit' (did you mean 'lint'?)"]);
  assert.ok(codes.some((c) => c.startsWith('cycle: dependency cycle')), codes.join('\n'));
  // A cycle through an edge nobody wrote says where it comes from (the CLI prints no related info).
  const order = errors('version: 1\njobs:\n  j:\n    steps:\n      y: { type: shell, needs: z, with: { run: x } }\n      z: { type: shell, with: { run: x } }\n');
  assert.deepEqual(order.map((x) => x.message), ["dependency cycle: y → z → y ('z' follows 'y' by job order or a job's needs)"]);
  assert.ok(codes.some((c) => c.includes("'s1' is in job 'a', which has a matrix")), codes.join('\n'));
  assert.ok(codes.some((c) => c.startsWith("duplicate-id: duplicate step id 's1'")), codes.join('\n'));
  // Jobs alone make a pipeline; neither steps nor jobs is one error.
  assert.deepEqual(errors('version: 1\njobs:\n  a:\n    steps:\n      s: { type: shell, with: { run: x } }\n'), []);
  assert.deepEqual(errors('version: 1\n').map((x) => x.message), ["the pipeline is missing required property 'steps' (or 'jobs')"]);
});
