import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getRunCreateOptions } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { substituteArgv } from '../../../../../src/core/runner/values/index.js';

const ctx = { workspace: '/ws', runId: 'r1', step: 'web', secrets: {} };

test('(unit) docker.run command keeps `#` as an ordinary character (echo a#b stays echo a#b)', () => {
  assert.deepEqual(getRunCreateOptions({ image: 'alpine', command: 'echo a#b' }, ctx).Cmd, ['echo', 'a#b']);
  assert.deepEqual(getRunCreateOptions({ image: 'alpine', command: 'echo # not a comment' }, ctx).Cmd, ['echo', '#', 'not', 'a', 'comment']);
  assert.deepEqual(getRunCreateOptions({ image: 'alpine', entrypoint: 'sh -c "echo #x"' }, ctx).Entrypoint, ['sh', '-c', 'echo #x']);
  assert.deepEqual(substituteArgv('curl http://h/p#frag', (s) => s, 'command'), ['curl', 'http://h/p#frag']);
  assert.deepEqual(substituteArgv('echo a#${{ params.x }}', () => 'y z', 'command'), ['echo', 'a#y z']);
});
