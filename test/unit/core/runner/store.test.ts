import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunHistory, RunStore, runPipeline, PresetApprover } from '../../../../src/core/runner/index.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-store-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs'), maxRuns: 5 });
  return { dir, store, history: new RunHistory(store) };
}

test('(unit) run store: records runs, per-step attempts, outputs and logs; history queries work', async () => {
  const { dir, store, history } = setup();
  const p = pipeline([sh('a', 'echo hello-a; echo "k=v" >> "$ANSFLOW_OUTPUT"'), sh('b', 'echo err >&2; exit 1', { needs: ['a'], retry: { max: 1, backoffMs: 0, exponential: false, onExitCodes: [] } })]);
  const s1 = await runPipeline(p, { workspace: dir, store }).done;
  const p2 = pipeline([sh('a', 'echo hello-a'), sh('b', 'true', { needs: ['a'] })]);
  const s2 = await runPipeline(p2, { workspace: dir, store }).done;
  const runs = history.listRuns();
  assert.deepEqual(runs.map((r) => r.runId), [s2.runId, s1.runId]);
  assert.deepEqual(runs.map((r) => r.status), ['success', 'failed']);
  const rec = history.getRun(s1.runId)!;
  assert.equal(rec.steps.find((s) => s.step === 'b')!.attempts.length, 2);
  assert.deepEqual(rec.steps.find((s) => s.step === 'a')!.outputs, { k: 'v' });
  assert.equal(history.readLog(s1.runId, 'a'), 'hello-a\n');
  assert.match(history.readLog(s1.runId, 'b')!, /err\n[\s\S]*retrying[\s\S]*err\n/);
  assert.equal(history.successRate().rate, 0.5);
  assert.equal(history.stepDurations().find((d) => d.step === 'b')!.samples.length, 2);
  assert.equal(history.trends().reduce((n, t) => n + t.runs, 0), 2);
  assert.deepEqual(history.flakySteps().map((f) => f.step), ['b']);
  assert.equal(history.resolveRunId(s1.runId.slice(0, 20)), s1.runId.slice(0, 20) === s2.runId.slice(0, 20) ? undefined : s1.runId);
});

test('(unit) run store: a torn last line is ignored; a run without run-end lists as interrupted', () => {
  const { store, history } = setup();
  const w = store.beginRun({ type: 'run-start', runId: 'r1', time: Date.now(), pipeline: 'p', params: {}, trigger: 't', steps: ['a'] });
  w.record({ type: 'step-start', runId: 'r1', time: Date.now(), step: 'a', stepId: 'a', attempt: 1, executor: 'local' });
  w.close();
  appendFileSync(join(store.runDir('r1'), 'run.jsonl'), '{"type":"step-end","runId":"r1","ti');
  // The index claims a pid that is not alive.
  const idx = readFileSync(store.indexPath, 'utf8').replace(/"pid":\d+/, '"pid":999999999');
  writeFileSync(store.indexPath, idx);
  const rec = history.getRun('r1')!;
  assert.equal(rec.tornLines, 1);
  assert.equal(rec.steps[0]!.status, 'interrupted');
  assert.equal(history.listRuns()[0]!.interrupted, true);
  assert.equal(history.listRuns()[0]!.status, 'interrupted');
});

test('(unit) run store: retention keeps the newest runs only', async () => {
  const { dir, store, history } = setup();
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push((await runPipeline(pipeline([sh('a', 'true')]), { workspace: dir, store }).done).runId);
  assert.deepEqual(history.listRuns().map((r) => r.runId), ids.slice(2).reverse());
  assert.deepEqual(store.runIdsOnDisk().sort(), ids.slice(2).sort());
});

test('(unit) runner: up-to-date skipping from cache sources/generates, and --force bypasses', async () => {
  const { dir, store } = setup();
  writeFileSync(join(dir, 'in.txt'), 'one');
  const mk = () => pipeline([sh('build', 'cat in.txt > out.txt; echo built', { cache: { sources: ['in.txt'], generates: ['out.txt'] } })]);
  const first = await runPipeline(mk(), { workspace: dir, store }).done;
  assert.equal(first.steps[0]!.status, 'success');
  const second = await runPipeline(mk(), { workspace: dir, store }).done;
  assert.equal(second.steps[0]!.status, 'up-to-date');
  const forced = await runPipeline(mk(), { workspace: dir, store, force: true }).done;
  assert.equal(forced.steps[0]!.status, 'success');
  writeFileSync(join(dir, 'in.txt'), 'two');
  const changed = await runPipeline(mk(), { workspace: dir, store }).done;
  assert.equal(changed.steps[0]!.status, 'success');
});

test('(unit) runner: --rerun-failed reruns failed steps and dependents, reusing recorded outputs', async () => {
  const { dir, store } = setup();
  const mk = (bScript: string) =>
    pipeline([sh('a', 'echo "v=$RANDOM$RANDOM" >> "$ANSFLOW_OUTPUT"'), sh('b', bScript, { needs: ['a'] }), sh('c', 'echo "got ${{ steps.a.outputs.v }}"', { needs: ['b'] })]);
  const first = await runPipeline(mk('exit 1'), { workspace: dir, store }).done;
  assert.equal(first.status, 'failed');
  const second = await runPipeline(mk('true'), { workspace: dir, store, rerunFailed: first.runId }).done;
  assert.equal(second.status, 'success');
  const [a, b, c] = second.steps;
  assert.equal(a!.status, 'up-to-date');
  assert.deepEqual(a!.outputs, first.steps[0]!.outputs);
  assert.equal(b!.status, 'success');
  assert.equal(c!.status, 'success');
  const third = await runPipeline(mk('true'), { workspace: dir, store, from: 'c' }).done;
  assert.deepEqual(third.steps.map((s) => s.status), ['up-to-date', 'up-to-date', 'success']);
});

test('(unit) runner: approval gates approve, reject non-interactively with a hint, and time out', async () => {
  const gate = (timeoutMs?: number) => pipeline([step('deploy', { type: 'shell', with: { run: 'echo deployed' }, approval: { message: 'Deploy?', approvers: [], timeoutMs } })]);
  const ok = await runPipeline(gate(), { workspace: tmpdir(), approver: new PresetApprover({ steps: ['deploy'] }) }).done;
  assert.equal(ok.steps[0]!.status, 'success');
  const no = await runPipeline(gate(), { workspace: tmpdir(), approver: new PresetApprover({}) }).done;
  assert.equal(no.steps[0]!.status, 'failed');
  const never = { decide: () => new Promise<never>(() => {}) };
  const slow = await runPipeline(gate(100), { workspace: tmpdir(), approver: never }).done;
  assert.equal(slow.steps[0]!.status, 'failed');
  assert.match(slow.steps[0]!.reason!, /timed out/);
});
