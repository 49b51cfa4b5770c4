// One test per start check (src/core/runner/startChecks.ts): each pipeline breaks exactly one rule
// and the test asserts that rule's verdict, so dropping a check from its list turns its test red
// (a later check would decide differently, or the step would run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import type { ExecutorSpec } from '../../../../src/core/pipeline/model.js';
import { AFTER_SLOT, BEFORE_QUEUED, BEFORE_SLOT } from '../../../../src/core/runner/startChecks.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

const R = { start: 0, end: 0 };

function ws(): string {
  return mkdtempSync(join(tmpdir(), 'ansflow-checks-'));
}

async function run(p: ReturnType<typeof pipeline>, opts: Parameters<typeof runPipeline>[1] = {}, onEvent?: (e: RunEvent) => void) {
  const h = runPipeline(p, { workspace: ws(), logBatchMs: 5, killGraceMs: 500, ...opts });
  const events: RunEvent[] = [];
  h.onEvent((e) => {
    events.push(e);
    onEvent?.(e);
  });
  const summary = await h.done;
  const of = (k: string) => {
    const s = summary.steps.find((x) => x.step === k || x.stepId === k);
    assert.ok(s, `no step ${k}`);
    return s;
  };
  const queued = (k: string) => events.some((e) => e.type === 'step-queued' && e.step === k);
  return { summary, of, queued, handle: h };
}

test('(unit) start checks: the lists hold every rule once per list, failFast again once a slot is held', () => {
  const rules = (l: readonly { rule: string }[]) => l.map((c) => c.rule);
  for (const l of [BEFORE_QUEUED, BEFORE_SLOT, AFTER_SLOT]) assert.equal(new Set(rules(l)).size, l.length);
  assert.ok(rules(AFTER_SLOT).includes('nothing starts after a failure under failFast'));
});

test('(unit) start check notReusedFromEarlierRun: --from takes the earlier step’s outputs instead of running it', async () => {
  const dir = ws();
  const store = new RunStore({ root: join(dir, 'runs') });
  const p = pipeline([sh('a', 'echo "v=1" >> "$ANSFLOW_OUTPUT"'), sh('b', 'true', { needs: ['a'] })], { file: join(dir, 'p.ansflow.yaml') });
  const first = await run(p, { workspace: dir, store });
  assert.equal(first.summary.status, 'success');
  const again = await run(p, { workspace: dir, store, from: 'b' });
  assert.equal(again.of('a').status, 'up-to-date');
  assert.equal(again.of('a').reason, `outputs reused from run ${first.summary.runId}`);
  assert.equal(again.of('a').outputs.v, '1');
  assert.equal(again.of('b').status, 'success');
});

test('(unit) start check runNotCancelled: after a cancel a dependent is cancelled unstarted, not skipped', async () => {
  const h = runPipeline(pipeline([sh('a', 'sleep 30'), sh('b', 'true', { needs: ['a'] })]), { workspace: ws(), logBatchMs: 5, killGraceMs: 500 });
  h.onEvent((e) => {
    if (e.type === 'step-start' && e.step === 'a') h.cancel('stop now');
  });
  const summary = await h.done;
  const b = summary.steps.find((s) => s.step === 'b')!;
  assert.equal(b.status, 'cancelled');
  assert.equal(b.reason, 'not started: stop now');
});

test('(unit) start check noFailFastStop (before queued): under failFast a step whose turn comes after a failure is never queued', async () => {
  const dir = ws();
  const flag = join(dir, 'bad.ended');
  const p = pipeline([
    sh('bad', 'exit 3'),
    // Ends only once the runner reported bad's end, so `late` comes up after the failure.
    sh('wait', `i=0; while [ ! -e '${flag}' ] && [ $i -lt 6000 ]; do i=$((i+1)); sleep 0.01; done`),
    sh('late', 'true', { needs: ['wait'] }),
  ]);
  const { of, queued } = await run(p, { workspace: dir, failFast: true }, (e) => {
    if (e.type === 'step-end' && e.step === 'bad') writeFileSync(flag, '');
  });
  assert.equal(of('late').status, 'cancelled');
  assert.equal(of('late').reason, 'not started: an earlier step failed (failFast)');
  assert.equal(queued('late'), false);
});

test('(unit) start check noFailFastStop (after the slot): under failFast a step queued behind a failure does not start', async () => {
  // One slot for two failing steps: whichever runs first fails, the other was queued and is cancelled.
  const { of, queued } = await run(pipeline([sh('x', 'exit 3'), sh('y', 'exit 3')]), { failFast: true, concurrency: 1 });
  const statuses = [of('x'), of('y')].map((s) => s.status).sort();
  assert.deepEqual(statuses, ['cancelled', 'failed']);
  const stopped = [of('x'), of('y')].find((s) => s.status === 'cancelled')!;
  assert.equal(stopped.reason, 'not started: an earlier step failed (failFast)');
  assert.ok(queued(stopped.step));
});

test('(unit) start check noFailFastStop: a failed matrix instance stops its waiting siblings', async () => {
  const m = step('m', { with: { run: 'exit 3' }, matrix: { axes: { n: [1, 2] }, include: [], exclude: [], maxParallel: 1, failFast: true, range: R } });
  const { summary } = await run(pipeline([m]));
  const [failed, cancelled] = ['failed', 'cancelled'].map((st) => summary.steps.find((s) => s.status === st));
  assert.ok(failed && cancelled, JSON.stringify(summary.steps));
  assert.equal(cancelled.reason, `not started: matrix sibling ${failed.step} failed (failFast)`);
});

test('(unit) start check matrixEvaluates: a matrix value that does not evaluate fails the instance', async () => {
  const m = step('m', { with: { run: 'true' }, matrix: { axes: { n: ['${{ nope( }}'] }, include: [], exclude: [], failFast: true, range: R } });
  const { summary } = await run(pipeline([m]));
  assert.equal(summary.steps[0]!.status, 'failed');
  assert.match(summary.steps[0]!.reason ?? '', /^cannot evaluate matrix: /);
});

test('(unit) start check dependenciesSucceeded: a failed or skipped dependency skips with its name', async () => {
  const { of } = await run(pipeline([sh('bad', 'exit 3'), sh('after', 'true', { needs: ['bad'] }), sh('off', 'true', { if: { value: 'false', range: R } }), sh('next', 'true', { needs: ['off'] })]));
  assert.equal(of('after').status, 'skipped');
  assert.equal(of('after').reason, 'a dependency failed (bad)');
  assert.equal(of('next').status, 'skipped');
  assert.equal(of('next').reason, 'dependency off was skipped');
});

test('(unit) start check conditionHolds: a false if skips, an if that does not evaluate fails', async () => {
  const { of } = await run(pipeline([sh('off', 'true', { if: { value: 'false', range: R } }), sh('broken', 'true', { if: { value: 'nope(', range: R } })]));
  assert.equal(of('off').status, 'skipped');
  assert.equal(of('off').reason, 'condition was false: false');
  assert.equal(of('broken').status, 'failed');
  assert.match(of('broken').reason ?? '', /^cannot evaluate if: /);
});

test('(unit) start check stepTypeExists: an unknown step type fails the step', async () => {
  const { of } = await run(pipeline([step('x', { type: 'no.such.type' })]));
  assert.equal(of('x').status, 'failed');
  assert.equal(of('x').reason, "unknown step type 'no.such.type'");
});

test('(unit) start check executorIsAvailable: an executor kind this build lacks fails the step with a hint', async () => {
  const { of } = await run(pipeline([sh('x', 'true', { executor: { kind: 'teleport' } as unknown as ExecutorSpec })]));
  assert.equal(of('x').status, 'failed');
  assert.match(of('x').reason ?? '', /^the 'teleport' executor is not available in this build\. Available executors: /);
});

test('(unit) start check withEvaluates: a with value that does not evaluate fails the step', async () => {
  const { of } = await run(pipeline([sh('x', 'true', { with: { shell: '${{ nope( }}' } })]));
  assert.equal(of('x').status, 'failed');
  assert.match(of('x').reason ?? '', /^cannot evaluate with: /);
});

test('(unit) start check withIsValid: the step type’s validation problems fail the step, keyed by with.', async () => {
  const { of, queued } = await run(pipeline([step('x', { with: {} })]));
  assert.equal(of('x').status, 'failed');
  assert.equal(of('x').reason, 'with.run: a shell step needs `run` (the script to run)');
  assert.equal(queued('x'), false);
});

test('(unit) start check nameEvaluates: a name that does not evaluate fails the step before it is queued', async () => {
  const { of, queued } = await run(pipeline([sh('x', 'true', { name: 'deploy ${{ nope( }}' })]));
  assert.equal(of('x').status, 'failed');
  assert.match(of('x').reason ?? '', /^cannot evaluate name: /);
  assert.equal(queued('x'), false);
});

test('(unit) start check notUpToDate: unchanged sources reuse the last success', async () => {
  const dir = ws();
  writeFileSync(join(dir, 'src.txt'), 'one');
  const store = new RunStore({ root: join(dir, 'runs') });
  const p = pipeline([sh('build', 'echo "v=2" >> "$ANSFLOW_OUTPUT"', { cache: { sources: ['src.txt'], generates: [] } })], { file: join(dir, 'p.ansflow.yaml') });
  const first = await run(p, { workspace: dir, store });
  assert.equal(first.of('build').status, 'success');
  const again = await run(p, { workspace: dir, store });
  assert.equal(again.of('build').status, 'up-to-date');
  assert.equal(again.of('build').reason, `sources unchanged since run ${first.summary.runId}`);
  assert.equal(again.of('build').outputs.v, '2');
});

test('(unit) start check approvalGranted: a gate with no approver fails the step unstarted', async () => {
  const { of } = await run(pipeline([sh('x', 'true', { approval: { message: 'ship?', approvers: [] } })]));
  assert.equal(of('x').status, 'failed');
  assert.equal(of('x').reason, 'approval rejected');
  assert.equal(of('x').attempts, 0);
});
