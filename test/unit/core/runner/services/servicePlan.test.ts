// The services plan without an engine: names, labels, create requests, endpoints and the env the
// step gets; readiness from inspect states; the leftover owner rule; `services:` as parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { parsePipeline } from '../../../../../src/core/pipeline/index.js';
import { endpointOf, ownerIsGone, planServices, serviceEnvironment, OWNER_LABEL, RUN_LABEL, SERVICE_LABEL, STEP_LABEL } from '../../../../../src/core/runner/services/servicePlan.js';
import { readinessOf } from '../../../../../src/core/runner/services/waitHealthy.js';
import { withServices } from '../../../../../src/core/runner/services/withServices.js';
import type { ServiceSpec } from '../../../../../src/core/pipeline/model.js';
import type { StepType } from '../../../../../src/core/contracts/StepType.js';
import { planPipeline } from '../../../../../src/core/runner/planPipeline.js';
import { pipeline, step } from '../helpers/pipelines.js';

const db: ServiceSpec = { name: 'db', image: 'busybox', command: ['httpd', '-f', '-p', '8080'], env: { MODE: 'test' }, ports: [8080, 9090], privileged: false, startTimeoutMs: 60_000, healthcheck: { command: ['sh', '-c', 'wget -qO- 127.0.0.1:8080'], intervalMs: 500, retries: 5 } };

test('(unit) services plan: one network and container per service, labelled, aliased by name, ports published on loopback only for the local executor', () => {
  const plan = planServices({ runId: '2026-12-01T23:50:00Z_ab12', step: 'test (node: 20)', attempt: 2, services: [db, { ...db, name: 'cache', healthcheck: undefined, command: undefined }], publish: true, env: { db: { MODE: 'evaluated' } }, owner: 'h/42' });
  assert.match(plan.network, /^ansflow-svc-[a-zA-Z0-9_.-]+-2$/);
  assert.deepEqual(plan.labels, { [SERVICE_LABEL]: '1', [RUN_LABEL]: '2026-12-01T23:50:00Z_ab12', [STEP_LABEL]: 'test (node: 20)', [OWNER_LABEL]: 'h/42' });
  assert.equal(plan.containers.length, 2);
  const [c1, c2] = plan.containers;
  assert.equal(c1!.name, `${plan.network}-db`);
  assert.equal(c2!.name, `${plan.network}-cache`);
  assert.equal(c1!.create.HostConfig?.NetworkMode, plan.network);
  assert.deepEqual(c1!.create.NetworkingConfig?.EndpointsConfig?.[plan.network]?.Aliases, ['db']);
  assert.deepEqual(c1!.create.HostConfig?.PortBindings, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  assert.deepEqual(c1!.create.Env, ['MODE=evaluated']);
  assert.deepEqual(c2!.create.Env, ['MODE=test']);
  assert.deepEqual(c1!.create.Cmd, ['httpd', '-f', '-p', '8080']);
  assert.equal(c2!.create.Cmd, undefined);
  assert.deepEqual(c1!.create.Healthcheck, { Test: ['CMD', 'sh', '-c', 'wget -qO- 127.0.0.1:8080'], Interval: 500e6, Timeout: 5000e6, Retries: 5 });
  assert.equal(c2!.create.Healthcheck, undefined, "the image's own health check applies");
  assert.equal(c1!.create.Labels?.['dev.ansflow.service-name'], 'db');
  assert.equal(c1!.create.Labels?.[SERVICE_LABEL], '1');
  for (const c of plan.containers) assert.match(c.name, /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/);
  const inNetwork = planServices({ runId: 'r', step: 's', attempt: 1, services: [db], publish: false });
  assert.deepEqual(inNetwork.containers[0]!.create.HostConfig?.PortBindings, {});
});

test('(unit) services plan: endpoints and ANSFLOW_SERVICE_* variables, by name in the network or by the published loopback port', () => {
  const inNet = endpointOf(db, false);
  assert.deepEqual(inNet, { host: 'db', port: '8080', ports: { 8080: '8080', 9090: '9090' } });
  const published = endpointOf(db, true, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }], '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '32769' }] });
  assert.deepEqual(published, { host: '127.0.0.1', port: '32768', ports: { 8080: '32768', 9090: '32769' } });
  assert.deepEqual(serviceEnvironment({ 'redis-cache': published }), {
    ANSFLOW_SERVICE_REDIS_CACHE_HOST: '127.0.0.1',
    ANSFLOW_SERVICE_REDIS_CACHE_PORT: '32768',
    ANSFLOW_SERVICE_REDIS_CACHE_PORT_8080: '32768',
    ANSFLOW_SERVICE_REDIS_CACHE_PORT_9090: '32769',
  });
});

test('(unit) services readiness: healthy or running without a check is ready; unhealthy and exited fail with the last health output', () => {
  const state = (s: object) => ({ State: { Running: true, ExitCode: 0, Error: '', ...s } }) as never;
  assert.deepEqual(readinessOf(state({})), { kind: 'ready' });
  assert.deepEqual(readinessOf(state({ Health: { Status: 'healthy' } })), { kind: 'ready' });
  assert.deepEqual(readinessOf(state({ Health: { Status: 'starting', Log: [{ ExitCode: 1, Output: 'refused\n' }] } })), { kind: 'starting', lastCheck: 'exit 1: refused' });
  const bad = readinessOf(state({ Health: { Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'no db' }] } }));
  assert.equal(bad.kind, 'failed');
  assert.match((bad as { reason: string }).reason, /unhealthy; last health check exit 1: no db/);
  const exited = readinessOf(state({ Running: false, ExitCode: 3 }));
  assert.match((exited as { reason: string }).reason, /exited with code 3/);
});

test('(unit) services sweep: only leftovers of a runner of this machine whose process is gone', () => {
  const me = hostname();
  assert.equal(ownerIsGone(`${me}/123`, me, () => false), true);
  assert.equal(ownerIsGone(`${me}/123`, me, () => true), false);
  assert.equal(ownerIsGone(`other-host/123`, me, () => false), false);
  assert.equal(ownerIsGone(undefined, me, () => false), false);
  assert.equal(ownerIsGone(`${me}/${process.pid}`), false, 'this process is alive');
});

test('(unit) services: parsed from a step (env as data, durations through the one parser), no wrapper without them', () => {
  const parsed = parsePipeline(`version: 1
steps:
  t:
    type: shell
    services:
      db:
        image: busybox
        command: httpd -f -p 8080
        env: { PASSWORD: "\${{ secrets.pw }}", N: 3 }
        ports: [8080, "9090"]
        healthcheck: { cmd: "wget -qO- 127.0.0.1:8080", interval: 2s, timeout: 1s, retries: 4 }
        privileged: true
        startTimeout: 1m30s
      cache: busybox
    with: { run: echo hi }
secrets:
  pw: { env: PW }
`);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const s = parsed.pipeline.steps[0]!.services!;
  assert.deepEqual(s[0], {
    name: 'db',
    image: 'busybox',
    command: ['sh', '-c', 'httpd -f -p 8080'],
    env: { PASSWORD: '${{ secrets.pw }}', N: '3' },
    ports: [8080, 9090],
    privileged: true,
    startTimeoutMs: 90_000,
    healthcheck: { command: ['sh', '-c', 'wget -qO- 127.0.0.1:8080'], intervalMs: 2000, timeoutMs: 1000, retries: 4 },
  });
  assert.deepEqual(s[1], { name: 'cache', image: 'busybox', env: {}, ports: [], privileged: false, startTimeoutMs: 60_000 });
  const type: StepType = { type: 'x', run: async () => ({ exitCode: 0 }), describe: () => 'x!' };
  assert.equal(withServices(type, undefined, { appendStoredLog() {} }), type);
  const wrapped = withServices(type, s, { appendStoredLog() {} });
  assert.notEqual(wrapped.run, type.run);
  assert.equal(wrapped.describe?.({}), 'x!');
});

test('(unit) services: `ansflow plan` leaves `${{ services.… }}` as written (its values exist only while the step runs)', () => {
  const p = pipeline([step('a', { with: { run: 'echo ${{ services.db.port }} ${{ Services.db.host }}' } })], { params: [], env: {} }).pipeline;
  assert.equal(planPipeline(p, {}, new Map()).steps[0]!.with.run, 'echo ${{ services.db.port }} ${{ Services.db.host }}');
});
