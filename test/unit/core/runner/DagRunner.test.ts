import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../../src/core/runner/index.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

function ws(): string {
  return mkdtempSync(join(tmpdir(), 'ansflow-runner-'));
}

async function run(p: ReturnType<typeof pipeline>, opts: Parameters<typeof runPipeline>[1] = {}) {
  const h = runPipeline(p, { workspace: ws(), logBatchMs: 5, killGraceMs: 500, ...opts });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  const summary = await h.done;
  const status = (k: string) => summary.steps.find((s) => s.step === k)?.status;
  const logs = (k: string) => events.filter((e) => e.type === 'step-log' && e.step === k).map((e) => (e as { text: string }).text).join('');
  return { summary, events, status, logs, handle: h };
}

test('(unit) runner: steps start as soon as their own needs are done (not layer by layer)', async () => {
  // a ends only once the runner reported c ended (or after 60 s): a layer-by-layer runner would hold c behind a.
  const flag = join(ws(), 'c.done');
  const h = runPipeline(
    pipeline([sh('a', `i=0; while [ ! -e '${flag}' ] && [ $i -lt 6000 ]; do i=$((i+1)); sleep 0.01; done`), sh('b', 'true'), sh('c', 'true', { needs: ['b'] }), sh('d', 'true', { needs: ['a', 'c'] })]),
    { workspace: ws(), logBatchMs: 5, concurrency: 4 },
  );
  const events: RunEvent[] = [];
  h.onEvent((e) => {
    events.push(e);
    if (e.type === 'step-end' && e.step === 'c') writeFileSync(flag, '');
  });
  const summary = await h.done;
  assert.equal(summary.status, 'success');
  const endOf = (k: string) => events.findIndex((e) => e.type === 'step-end' && e.step === k);
  const startOf = (k: string) => events.findIndex((e) => e.type === 'step-start' && e.step === k);
  assert.ok(endOf('c') < endOf('a'), 'c finished before a');
  assert.ok(startOf('d') > endOf('a') && startOf('d') > endOf('c'));
});

test('(unit) runner: concurrency bounds the number of running steps', async () => {
  const steps = Array.from({ length: 6 }, (_, i) => sh(`s${i}`, 'sleep 0.1'));
  const { events } = await run(pipeline(steps), { concurrency: 2 });
  let running = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type === 'step-start') peak = Math.max(peak, ++running);
    if (e.type === 'step-end' && e.attempt > 0) running--;
  }
  assert.equal(peak, 2);
});

test('(unit) runner: a failure skips dependents with a reason, independent branches still run, run fails', async () => {
  const { summary, status } = await run(pipeline([sh('bad', 'exit 3'), sh('after', 'true', { needs: ['bad'] }), sh('other', 'true'), sh('always', 'true', { needs: ['bad'], if: { value: 'always()', range: { start: 0, end: 0 } } })]));
  assert.equal(summary.status, 'failed');
  assert.equal(status('bad'), 'failed');
  assert.equal(summary.steps.find((s) => s.step === 'bad')!.exitCode, 3);
  assert.equal(status('after'), 'skipped');
  assert.match(summary.steps.find((s) => s.step === 'after')!.reason!, /dependency failed/);
  assert.equal(status('other'), 'success');
  assert.equal(status('always'), 'success');
});

test('(unit) runner: continueOnError keeps the run green and dependents running', async () => {
  const { summary, status } = await run(pipeline([sh('bad', 'exit 1', { continueOnError: true }), sh('after', 'true', { needs: ['bad'] })]));
  assert.equal(summary.status, 'success');
  assert.equal(status('bad'), 'failed');
  assert.equal(status('after'), 'success');
});

test('(unit) runner: retries count attempts after the first, each with its own start and end', async () => {
  const dir = ws();
  const { summary, events } = await run(
    pipeline([sh('flaky', `n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -ge 3 ]`, { retry: { max: 3, backoffMs: 10, exponential: true, onExitCodes: [] } })]),
    { workspace: dir },
  );
  assert.equal(summary.status, 'success');
  assert.equal(summary.steps[0]!.attempts, 3);
  assert.deepEqual(events.filter((e) => e.type === 'step-start').map((e) => (e as { attempt: number }).attempt), [1, 2, 3]);
  assert.deepEqual(events.filter((e) => e.type === 'step-end').map((e) => `${(e as { attempt: number }).attempt}:${(e as { status: string }).status}`), ['1:failed', '2:failed', '3:success']);
});

test('(unit) runner: onExitCodes limits which failures are retried', async () => {
  const { summary } = await run(pipeline([sh('x', 'exit 2', { retry: { max: 3, backoffMs: 0, exponential: false, onExitCodes: [75] } })]));
  assert.equal(summary.steps[0]!.attempts, 1);
});

test('(unit) runner: a step timeout kills the step and reports timed-out with exit code 124', async () => {
  const t0 = Date.now();
  const { summary } = await run(pipeline([sh('slow', 'sleep 30', { timeoutMs: 300 })]));
  assert.equal(summary.steps[0]!.status, 'timed-out');
  assert.equal(summary.steps[0]!.exitCode, 124);
  assert.equal(summary.status, 'failed');
  assert.ok(Date.now() - t0 < 5000);
});

test('(unit) runner: pipeline timeout ends the run timed-out and still runs finally', async () => {
  const p = pipeline([sh('slow', 'sleep 30')], { finally: [sh('cleanup', 'echo cleaned')] });
  const { summary, status, logs } = await run(p, { timeoutMs: 300 });
  assert.equal(summary.status, 'timed-out');
  assert.equal(status('cleanup'), 'success');
  assert.match(logs('cleanup'), /cleaned/);
});

test('(unit) runner: outputs from $ANSFLOW_OUTPUT (KEY=VALUE and heredoc) flow to later steps', async () => {
  const { summary, logs } = await run(
    pipeline([
      sh('produce', `echo "version=1.2.3" >> "$ANSFLOW_OUTPUT"\nprintf 'notes<<EOF\\nline one\\nline two\\nEOF\\n' >> "$ANSFLOW_OUTPUT"`),
      sh('consume', 'echo "v=${{ steps.produce.outputs.version }}"; printf "%s\\n" "$NOTES"', { needs: ['produce'], env: { NOTES: '${{ steps.produce.outputs.notes }}' } }),
    ]),
  );
  assert.equal(summary.status, 'success');
  assert.deepEqual(summary.steps[0]!.outputs, { version: '1.2.3', notes: 'line one\nline two' });
  assert.match(logs('consume'), /v=1\.2\.3\nline one\nline two\n/);
});

test('(unit) runner: env layers pipeline < step < matrix, and matrix instances honour maxParallel', async () => {
  const m = { axes: { os: ['a', 'b', 'c'] }, include: [], exclude: [], maxParallel: 1, failFast: true, range: { start: 0, end: 0 } };
  const { summary, events, logs } = await run(
    pipeline([sh('m', 'echo "$LEVEL $MATRIX_OS"; sleep 0.05', { env: { LEVEL: 'step' }, matrix: m })], { env: { LEVEL: 'pipeline', OTHER: 'p' } }),
    { concurrency: 4 },
  );
  assert.equal(summary.status, 'success');
  assert.deepEqual(summary.steps.map((s) => s.step), ['m[os=a]', 'm[os=b]', 'm[os=c]']);
  assert.match(logs('m[os=b]'), /^step b$/m);
  let running = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type === 'step-start') peak = Math.max(peak, ++running);
    if (e.type === 'step-end') running--;
  }
  assert.equal(peak, 1);
});

test('(unit) runner: `if` is evaluated before start; a false condition skips with the reason', async () => {
  const { status, summary } = await run(
    pipeline([sh('x', 'true', { if: { value: "${{ params.env == 'prod' }}", range: { start: 0, end: 0 } } })], {
      params: [{ name: 'env', type: 'string', default: 'dev', required: false, range: { start: 0, end: 0 }, nameRange: { start: 0, end: 0 } }],
    }),
  );
  assert.equal(status('x'), 'skipped');
  assert.match(summary.steps[0]!.reason!, /condition was false/);
});

test('(unit) runner: finally steps see the main steps’ outcome, not each other’s failures', async () => {
  const p = pipeline([sh('main', 'true')], {
    finally: [sh('broken', 'exit 1'), sh('onfail', 'echo should-not-run', { if: { value: 'failure()', range: { start: 0, end: 0 } } }), sh('report', 'echo "status=${{ pipeline.status }}"')],
  });
  const { summary, status, logs } = await run(p);
  assert.equal(status('onfail'), 'skipped');
  assert.match(logs('report'), /status=success/);
  assert.equal(summary.status, 'failed', 'a failing finally step still fails the run');
});

test('(unit) runner: dry run calls each step type’s dry run and runs no process', async () => {
  const dir = ws();
  const { summary, logs } = await run(pipeline([sh('touch', 'touch created'), step('copy', { type: 'file', with: { action: 'copy', src: 'a', dest: 'b' } })]), { workspace: dir, dryRun: true });
  assert.equal(summary.status, 'success');
  assert.match(logs('touch'), /\[dry run\] would run touch created/);
  assert.match(logs('copy'), /\[dry run\] file copy a → b/);
  assert.ok(!existsSync(join(dir, 'created')));
});
