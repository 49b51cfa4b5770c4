// Jobs, composition and manual steps through the real runner and real shell processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { PresetApprover, runPipeline } from '../../../../src/core/runner/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ansflow-jobs-run-'));

test('(unit) jobs run: instance n=b of a matrix job goes on while instance n=a still waits', async () => {
  // first[n=a] only ends once second[n=b] has run: if a job instance waited for every instance of
  // the step before, this would never finish (the timeout turns that into a failure, not a hang).
  const text = `version: 1
jobs:
  t:
    matrix: { n: [a, b] }
    env: { N: "\${{ matrix.n }}" }
    steps:
      first:
        type: shell
        timeout: 60s
        with: { run: 'if [ "$N" = a ]; then while [ ! -e b-second ]; do sleep 0.05; done; fi' }
      second:
        type: shell
        with: { run: 'touch "$N-second"' }
`;
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const cwd = dir();
  const summary = await runPipeline(parsed, { workspace: cwd, concurrency: 4 }).done;
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => [s.step, s.status, s.reason])));
  assert.ok(existsSync(join(cwd, 'a-second')) && existsSync(join(cwd, 'b-second')));
});

test('(unit) jobs run: before/after wrap run; when: manual asks the approver', async () => {
  const text = `version: 1
templates:
  sh:
    type: shell
    before: [echo before >> log]
    after: [echo after >> log]
steps:
  work:
    uses: sh
    with: { run: echo run >> log }
  gate:
    type: shell
    when: manual
    needs: work
    with: { run: touch gated }
`;
  const cwd = dir();
  const rejected = await runPipeline(parsePipeline(text), { workspace: cwd, approver: new PresetApprover({}) }).done;
  assert.equal(readFileSync(join(cwd, 'log'), 'utf8'), 'before\nrun\nafter\n');
  assert.notEqual(rejected.steps.find((s) => s.step === 'gate')!.status, 'success');
  assert.ok(!existsSync(join(cwd, 'gated')));
  const approved = await runPipeline(parsePipeline(text), { workspace: cwd, approver: new PresetApprover({ steps: ['gate'] }) }).done;
  assert.equal(approved.status, 'success');
  assert.ok(existsSync(join(cwd, 'gated')));
});

test('(unit) continueOnError with exit codes tolerates only those codes', async () => {
  const text = (code: number) => `version: 1
steps:
  flaky: { type: shell, continueOnError: [3, 4], with: { run: 'exit ${code}' } }
  next: { type: shell, needs: flaky, if: always(), with: { run: 'true' } }
`;
  const parsed = parsePipeline(text(3));
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const tolerated = await runPipeline(parsed, { workspace: dir() }).done;
  assert.equal(tolerated.status, 'success');
  assert.deepEqual([tolerated.steps[0]!.outcome, tolerated.steps[0]!.conclusion], ['failure', 'success']);
  const other = await runPipeline(parsePipeline(text(5)), { workspace: dir() }).done;
  assert.equal(other.status, 'failed');
  assert.equal(other.steps[0]!.conclusion, 'failure');
  assert.ok(parsePipeline(text(3).replace('[3, 4]', '[three]')).diagnostics.some((d) => d.code === 'schema'));
});

test('(unit) jobs run: a matrix job step reads its own instance of a sibling; job outputs map by job instance key', async () => {
  const text = `version: 1
jobs:
  build:
    outputs: { version: "\${{ steps.stamp.outputs.v }}" }
    steps:
      stamp: { type: shell, outputs: { v: version }, with: { run: 'echo "v=1.2.3" >> "$ANSFLOW_OUTPUT"' } }
  test:
    needs: build
    matrix: { node: [18, 20] }
    outputs: { report: "\${{ steps.run.outputs.r }}" }
    env: { NODE: "\${{ matrix.node }}" }
    steps:
      run: { type: shell, outputs: { r: result }, with: { run: 'echo "r=ok-$NODE" >> "$ANSFLOW_OUTPUT"' } }
      check:
        type: shell
        env: { GOT: "\${{ steps.run.outputs.r }}", V: "\${{ jobs.build.outputs.version }}" }
        with: { run: 'echo "$GOT $V" > "check-$NODE"' }
steps:
  summary:
    type: shell
    needs: test
    env: { REPORT: "\${{ toJSON(jobs.test.outputs.report) }}" }
    with: { run: 'printf %s "$REPORT" > summary' }
`;
  const parsed = parsePipeline(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const cwd = dir();
  const s = await runPipeline(parsed, { workspace: cwd }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps.map((x) => [x.step, x.status, x.reason])));
  assert.equal(readFileSync(join(cwd, 'check-18'), 'utf8'), 'ok-18 1.2.3\n');
  assert.equal(readFileSync(join(cwd, 'check-20'), 'utf8'), 'ok-20 1.2.3\n');
  assert.deepEqual(JSON.parse(readFileSync(join(cwd, 'summary'), 'utf8')), { 'test[node=18]': 'ok-18', 'test[node=20]': 'ok-20' });
  // Reading a job's outputs needs the job; a typo in the output name is named.
  const bad = parsePipeline(text.replace('    needs: test\n', '').replace('jobs.test.outputs.report', 'jobs.test.outputs.reprt')).diagnostics;
  assert.ok(bad.some((d) => d.code === 'unknown-reference' && /declares no output 'reprt' \(did you mean 'report'\?\)/.test(d.message)), JSON.stringify(bad));
  const unordered = parsePipeline(text.replace('    needs: test\n', '')).diagnostics;
  assert.ok(unordered.some((d) => d.code === 'missing-need' && /does not need job 'test'/.test(d.message)));
});
