import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getRunCreateOptions } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { dockerBuildStep } from '../../../../../src/core/runner/steps/docker/dockerBuildStep.js';
import { dockerRunStep } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { imageRefs } from '../../../../../src/core/runner/steps/docker/dockerBuildStep.js';
import { pushRefs } from '../../../../../src/core/runner/steps/docker/dockerPushStep.js';
import { parseDurationMs } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { WithParams } from '../../../../../src/core/runner/steps/WithParams.js';
import { containerEnvironment, containerExecutorFactory, parseContainerOptions } from '../../../../../src/core/runner/executors/ContainerExecutor.js';
import { dockerStepTypes } from '../../../../../src/core/runner/steps/docker/index.js';
import { ansibleStepTypes } from '../../../../../src/core/runner/steps/ansible/index.js';

const ctx = { workspace: '/ws', runId: 'r1', step: 'web', secrets: { TOKEN: 's3' } };

test('(unit) docker.run create options: ports on 127.0.0.1 by default, binds resolved, secrets into env', () => {
  const o = getRunCreateOptions(
    { image: 'app:1', ports: ['8080', '0.0.0.0:9000:90/udp'], volumes: ['./data:/data:ro', 'cache:/cache'], env: { A: 1 }, secretEnv: { TOKEN_VAR: 'TOKEN' }, command: 'sh -c "echo hi"', network: 'n1' },
    ctx,
  );
  assert.deepEqual(o.HostConfig?.PortBindings, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '90/udp': [{ HostIp: '0.0.0.0', HostPort: '9000' }] });
  assert.deepEqual(o.ExposedPorts, { '8080/tcp': {}, '90/udp': {} });
  assert.deepEqual(o.HostConfig?.Binds, ['/ws/data:/data:ro', 'cache:/cache']);
  assert.deepEqual(o.Env, ['A=1', 'TOKEN_VAR=s3']);
  assert.deepEqual(o.Cmd, ['sh', '-c', 'echo hi']);
  assert.equal(o.HostConfig?.NetworkMode, 'n1');
  assert.equal(o.Labels?.['ansflow.run'], 'r1');
  assert.throws(() => getRunCreateOptions({ image: 'x', secretEnv: { V: 'MISSING' } }, ctx), /MISSING/);
  assert.equal(getRunCreateOptions({ image: 'x', ports: [80], 'port-host': '127.0.0.9' }, ctx).HostConfig?.PortBindings?.['80/tcp'][0].HostIp, '127.0.0.9');
});

test('(unit) docker step validation and descriptions', () => {
  assert.deepEqual(dockerRunStep.validate!({}).map((p) => p.key), ['image']);
  assert.deepEqual(dockerRunStep.validate!({ image: 'x', ports: ['nope'], waitFor: 'later' }).map((p) => p.key), ['ports', 'waitFor']);
  assert.deepEqual(dockerBuildStep.validate!({ push: true }).map((p) => p.key), ['push']);
  assert.equal(dockerBuildStep.describe!({ tags: ['a:1'], context: 'web' }), 'docker build -t a:1 web');
  assert.equal(dockerRunStep.describe!({ image: 'a:1', detach: true, ports: ['80'] }), 'docker run -d -p 80 a:1');
  assert.deepEqual(dockerStepTypes.map((s) => s.type), ['docker.build', 'docker.run', 'docker.push']);
  assert.deepEqual(ansibleStepTypes.map((s) => s.type), ['ansible.playbook', 'ansible.adhoc']);
});

test('(unit) container executor options and environment', () => {
  const r = parseContainerOptions(['--network', 'ci', '-e', 'X=1', '--user=1000', '-v', '/a:/b', '--memory', '256m', '--cpus', '1.5']);
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(r.value, { network: 'ci', env: { X: '1' }, user: '1000', binds: ['/a:/b'], memoryBytes: 256 * 1024 * 1024, nanoCpus: 1.5e9 });
  const bad = parseContainerOptions(['--privileged']);
  assert.ok(!bad.ok && bad.error.code === 'invalid-input');
  assert.deepEqual(containerEnvironment({ PATH: '/x', HOME: '/root', DOCKER_HOST: 'unix:///s', APP: '1', ANSFLOW_STEP: 's' }), ['APP=1', 'ANSFLOW_STEP=s']);
  assert.ok(!containerExecutorFactory.create({ kind: 'container', image: '' }, { workspace: '/w' }).ok);
  assert.ok(containerExecutorFactory.create({ kind: 'container', image: 'busybox' }, { workspace: '/w' }).ok);
});

test('(unit) image/tags/registry references and durations follow the pipeline schema', () => {
  assert.deepEqual(imageRefs(WithParams.check({ image: 'reg:5000/web', tags: ['1.2', 'other:x'] })), ['reg:5000/web:1.2', 'other:x']);
  assert.deepEqual(imageRefs(WithParams.check({ image: 'reg:5000/web' })), ['reg:5000/web:latest']);
  assert.deepEqual(imageRefs(WithParams.check({ tags: 'a:1' })), ['a:1']);
  assert.deepEqual(pushRefs(WithParams.check({ image: 'web', tags: ['1', '2'], registry: '127.0.0.1:5000' })), [
    { local: 'web:1', remote: '127.0.0.1:5000/web:1' },
    { local: 'web:2', remote: '127.0.0.1:5000/web:2' },
  ]);
  assert.deepEqual(pushRefs(WithParams.check({ image: 'r:5000/web:3' })), [{ local: 'r:5000/web:3', remote: 'r:5000/web:3' }]);
  assert.deepEqual([parseDurationMs('60s'), parseDurationMs('2m'), parseDurationMs(5), parseDurationMs('500ms'), parseDurationMs('soon')], [60000, 120000, 5000, 500, undefined]);
});

test('(unit) host-resolved interpreters are looked up on the container PATH', async () => {
  const { containerCommand } = await import('../../../../../src/core/runner/executors/ContainerExecutor.js');
  assert.equal(containerCommand('/usr/bin/bash', '/ws'), 'bash');
  assert.equal(containerCommand('/ws/scripts/run.sh', '/ws'), '/ws/scripts/run.sh');
  assert.equal(containerCommand('sh', '/ws'), 'sh');
});
