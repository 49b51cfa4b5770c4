import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../../../../src/core/pipeline/index.js';
import { kubernetesStepTypes } from '../../../../../src/core/runner/steps/kubernetes/index.js';
import { helmStepTypes } from '../../../../../src/core/runner/steps/helm/index.js';
import { WithParams } from '../../../../../src/core/runner/steps/WithParams.js';
import { jobSpecFromWith } from '../../../../../src/core/runner/steps/kubernetes/jobStep.js';
import { installOptions } from '../../../../../src/core/runner/steps/helm/helmForStep.js';
import { dockerRunStep, parseDurationMs } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { toDockerSince } from '../../../../../src/core/clients/docker/DockerClient.js';
import { approvalStepType } from '../../../../../src/core/runner/steps/local/approval.js';

/** Seconds of a duration as every step reads it (the one `with` reader). */
const seconds = (v: unknown): number | undefined => WithParams.check({ timeout: v }).seconds('timeout');

// Each value the schema's `duration` documents, with the milliseconds every reader must agree on.
const CASES: [unknown, number][] = [
  ['1h30m', 5_400_000],
  ['90s', 90_000],
  ['1.5h', 5_400_000],
  ['500ms', 500],
  ['2d', 172_800_000],
  [90, 90_000],
  ['90', 90_000],
];
const BAD = ['soon', '1x', '-5s', '', '1h 30m'];

test('(unit) the pipeline duration parser reads every documented form', () => {
  for (const [v, ms] of CASES) assert.equal(parseDuration(v), ms, String(v));
  for (const v of BAD) assert.equal(parseDuration(v), undefined, JSON.stringify(v));
});

test('(unit) kubernetes and helm steps read durations like the schema (1h30m, 1.5h, 500ms)', () => {
  for (const [v, ms] of CASES) assert.equal(seconds(v), ms / 1000, String(v));
  for (const v of BAD.filter((b) => b !== '')) assert.equal(seconds(v), undefined, v);
  const ctx = { with: {} as Record<string, unknown>, evaluate: (s: string) => s, runId: 'r1', stepId: 's1', workspace: '/w', dryRun: false };
  for (const [v, ms] of CASES) {
    const job = jobSpecFromWith({ ...ctx, with: { image: 'busybox', command: ['true'], timeout: v } }, 'ci');
    assert.equal(job.activeDeadlineSeconds, Math.max(1, Math.ceil(ms / 1000)), `job ${String(v)}`);
    assert.equal(installOptions({ ...ctx, with: { chart: 'c', release: 'r', timeout: v } }).timeout, ms / 1000, `helm ${String(v)}`);
  }
});

test('(unit) every kubernetes and helm step validates 1h30m, 1.5h and 500ms timeouts as durations', () => {
  const base: Record<string, Record<string, unknown>> = {
    'kubernetes.apply': { manifests: ['k8s/'] },
    'kubernetes.rollout': { resource: 'deployment/api' },
    'kubernetes.job': { image: 'busybox', command: ['true'] },
    'helm.install': { chart: './c', release: 'r' },
    'helm.upgrade': { chart: './c', release: 'r' },
    'helm.rollback': { release: 'r' },
    'helm.uninstall': { release: 'r' },
  };
  for (const st of [...kubernetesStepTypes, ...helmStepTypes]) {
    const w = base[st.type];
    if (!w || !st.validate) continue;
    for (const [v] of CASES) assert.deepEqual(st.validate({ ...w, timeout: v }).filter((p) => p.key === 'timeout'), [], `${st.type} timeout ${String(v)}`);
    assert.equal(st.validate({ ...w, timeout: 'soon' }).filter((p) => p.key === 'timeout').length, 1, `${st.type} rejects 'soon'`);
  }
});

test('(unit) docker.run reads and validates durations like the schema (1h30m, 1.5h, 500ms)', () => {
  for (const [v, ms] of CASES) {
    assert.equal(parseDurationMs(v), ms, String(v));
    assert.deepEqual(dockerRunStep.validate!({ image: 'alpine', timeout: v }).filter((p) => p.key === 'timeout'), [], String(v));
  }
  assert.equal(dockerRunStep.validate!({ image: 'alpine', timeout: '1h 30m' }).filter((p) => p.key === 'timeout').length, 1);
});

test('(unit) docker logs/events `since` takes the same durations back from now; bare numbers stay epoch seconds', () => {
  const now = 1_800_000_000_000;
  for (const [v, ms] of CASES.filter(([v]) => typeof v === 'string' && /[a-z]$/.test(v))) assert.equal(toDockerSince(v as string, now), Math.floor((now - ms) / 1000), String(v));
  assert.equal(toDockerSince('1700000000', now), 1_700_000_000);
  assert.equal(toDockerSince(1_700_000_000, now), 1_700_000_000);
  assert.equal(toDockerSince('2026-01-01T00:00:00Z', now), Date.parse('2026-01-01T00:00:00Z') / 1000);
});

test('(unit) approval reads durations like the schema', () => {
  for (const [v] of CASES) assert.deepEqual(approvalStepType.validate!({ timeout: v }).filter((p) => p.key === 'timeout'), [], String(v));
});
