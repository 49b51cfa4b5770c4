// (unit) "Reveal the pipeline that deployed it": runs written through the real run store API, with
// `kubernetes.apply` steps recording their `objects` output as applyStep.ts does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunHistory, RunStore } from '../../../../../src/core/runner/index.js';
import { findDeployer } from '../../../../../src/core/views/clusters/deployedBy.js';

type Applied = { kind: string; apiVersion: string; name: string; namespace?: string; action: string };

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-deployedby-'));
  const store = new RunStore({ root: join(dir, '.ansflow', 'runs'), maxRuns: 500 });
  let clock = 1_000_000;
  /** Records one finished run whose steps output `objects` (a step with `null` outputs nothing). */
  const run = (runId: string, file: string, steps: Array<{ step: string; stepId: string; objects: Applied[] | string | null; dryRun?: boolean }>) => {
    const time = (clock += 1000);
    const w = store.beginRun({ type: 'run-start', runId, time, pipeline: 'deploy', file, params: {}, trigger: 'test', steps: steps.map((s) => s.step) });
    for (const s of steps) {
      w.record({ type: 'step-queued', runId, time, step: s.step, stepId: s.stepId });
      w.record({ type: 'step-start', runId, time, step: s.step, stepId: s.stepId, attempt: 1, executor: 'kubernetes.apply' });
      if (s.objects !== null) w.record({ type: 'step-output', runId, time, step: s.step, name: 'objects', value: typeof s.objects === 'string' ? s.objects : JSON.stringify(s.objects) });
      if (s.dryRun !== undefined) w.record({ type: 'step-output', runId, time, step: s.step, name: 'dryRun', value: String(s.dryRun) });
      w.record({ type: 'step-end', runId, time, step: s.step, stepId: s.stepId, status: 'success', attempt: 1, durationMs: 5 });
    }
    w.record({ type: 'run-end', runId, time: time + 10, status: 'success', durationMs: 10 });
    w.close();
  };
  return { store, history: new RunHistory(store), run };
}

const web = (action: string, namespace = 'shop'): Applied => ({ kind: 'Deployment', apiVersion: 'apps/v1', name: 'web', namespace, action });

test('(unit) deployed by: the newest run and step that applied the object, with its file and step id', () => {
  const { history, run } = setup();
  run('r1', '/ws/old.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('created')] }]);
  run('r2', '/ws/deploy.ansflow.yml', [
    { step: 'build', stepId: 'build', objects: null },
    { step: 'rollout[env=prod]', stepId: 'rollout', objects: [{ kind: 'Service', apiVersion: 'v1', name: 'web', namespace: 'shop', action: 'created' }, web('configured')] },
  ]);
  run('r3', '/ws/other.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('created', 'staging')] }]);
  const { deployer, runsRead } = findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'shop' });
  assert.deepEqual(
    deployer && { runId: deployer.runId, file: deployer.file, step: deployer.step, stepId: deployer.stepId, action: deployer.action, status: deployer.status },
    { runId: 'r2', file: '/ws/deploy.ansflow.yml', step: 'rollout[env=prod]', stepId: 'rollout', action: 'configured', status: 'success' },
  );
  // Newest first, stopping at the match: r3 (other namespace) then r2.
  assert.equal(runsRead, 2);
  assert.equal(findDeployer(history, { kind: 'Service', name: 'web', namespace: 'shop' }).deployer?.runId, 'r2');
  assert.equal(findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'staging' }).deployer?.runId, 'r3');
});

test('(unit) deployed by: a prune is not a deployment; cluster-scoped objects match without a namespace', () => {
  const { history, run } = setup();
  run('r1', '/ws/a.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('created'), { kind: 'Namespace', apiVersion: 'v1', name: 'shop', action: 'unchanged' }] }]);
  run('r2', '/ws/b.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('pruned')] }]);
  assert.equal(findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'shop' }).deployer?.runId, 'r1');
  assert.equal(findDeployer(history, { kind: 'Namespace', name: 'shop' }).deployer?.runId, 'r1');
  assert.equal(findDeployer(history, { kind: 'Namespace', name: 'shop', namespace: 'shop' }).deployer, undefined);
});

test('(unit) deployed by: unknown objects, odd outputs and an empty store answer "none"; the run cap bounds the reads', () => {
  const { history, run } = setup();
  assert.deepEqual(findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'shop' }), { runsRead: 0 });
  run('r1', '/ws/a.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('created')] }]);
  run('r2', '/ws/b.ansflow.yml', [{ step: 'x', stepId: 'x', objects: '***' }, { step: 'y', stepId: 'y', objects: '{"kind":"Deployment"}' }]);
  for (let i = 3; i <= 12; i++) run(`r${i}`, '/ws/c.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('created', 'elsewhere')] }]);
  assert.deepEqual(findDeployer(history, { kind: 'Deployment', name: 'api', namespace: 'shop' }), { runsRead: 12 });
  assert.equal(findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'shop' }).deployer?.runId, 'r1');
  assert.deepEqual(findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'shop' }, 5), { runsRead: 5 });
});

test('(unit) deployed by: a dry-run apply changed nothing, so an earlier real apply is the deployer', () => {
  const { history, run } = setup();
  run('r1', '/ws/deploy.ansflow.yml', [{ step: 'apply', stepId: 'apply', objects: [web('created')], dryRun: false }]);
  run('r2', '/ws/deploy.ansflow.yml', [{ step: 'preview', stepId: 'preview', objects: [web('configured')], dryRun: true }]);
  assert.equal(findDeployer(history, { kind: 'Deployment', name: 'web', namespace: 'shop' }).deployer?.runId, 'r1');
});
