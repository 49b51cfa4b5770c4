import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substituteArgv } from '../../../../../src/core/runner/values/index.js';
import { getRunCreateOptions } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { dockerRunStep } from '../../../../../src/core/runner/steps/docker/dockerRunStep.js';
import { evaluateExpression, type ExpressionContext } from '../../../../../src/core/pipeline/index.js';

function evaluator(params: Record<string, unknown>) {
  const ctx: ExpressionContext = { params, env: {}, secrets: { token: 's3cr3t' }, steps: {}, matrix: {}, run: { id: 'r' }, pipeline: { status: 'running', name: 'p' }, state: { failed: false, cancelled: false } };
  return (source: string) => evaluateExpression(source, ctx);
}

test('(unit) substituteArgv: split first, then substitute inside each argument', () => {
  const ev = evaluator({ v: 'x; touch /tmp/marker', q: `a "b' #c`, list: ['-a', 'b c'], n: 3, empty: '', nested: '${{ secrets.token }}' });
  assert.deepEqual(substituteArgv('echo ${{ params.v }}', ev, 'command'), ['echo', 'x; touch /tmp/marker']);
  assert.deepEqual(substituteArgv(`sh -c 'printf "<%s>" "$@"' sh ${'${{ params.q }}'} end`, ev, 'command'), ['sh', '-c', 'printf "<%s>" "$@"', 'sh', `a "b' #c`, 'end']);
  assert.deepEqual(substituteArgv('--name=${{ params.v }}:${{ params.n }}', ev, 'command'), ['--name=x; touch /tmp/marker:3']);
  assert.deepEqual(substituteArgv('"${{ params.v }}" ${{ format(\'{0} {1}\', 1, 2) }}', ev, 'command'), ['x; touch /tmp/marker', '1 2']);
  // A whole-value expression: a list gives its items as arguments, a string stays one argument.
  assert.deepEqual(substituteArgv('${{ params.list }}', ev, 'command'), ['-a', 'b c']);
  assert.deepEqual(substituteArgv('${{ params.v }}', ev, 'command'), ['x; touch /tmp/marker']);
  assert.equal(substituteArgv('${{ params.empty }}', ev, 'command'), undefined);
  // Lists: one argument per item, substituted in place.
  assert.deepEqual(substituteArgv(['sh', '-c', 'echo "$1"', 'sh', '${{ params.v }}', 7], ev, 'command'), ['sh', '-c', 'echo "$1"', 'sh', 'x; touch /tmp/marker', '7']);
  // Values are inserted once: an expression inside a value is text.
  assert.deepEqual(substituteArgv('echo ${{ params.nested }}', ev, 'command'), ['echo', '${{ secrets.token }}']);
  // Without an evaluator (a step called directly) the text is split as written.
  assert.deepEqual(substituteArgv('echo "a b"', undefined, 'command'), ['echo', 'a b']);
  assert.throws(() => substituteArgv('echo "${{ params.v }}', ev, 'command'), /with\.command: no closing quotation/);
  assert.throws(() => substituteArgv('echo ${{ params.v', ev, 'command'), /unterminated/);
});

test('(unit) docker.run: command and entrypoint are raw keys, substituted per argument in the create body', () => {
  assert.equal(dockerRunStep.withValues?.command, 'raw');
  assert.equal(dockerRunStep.withValues?.entrypoint, 'raw');
  const ev = evaluator({ v: 'x; touch /tmp/marker', tool: 'sh -c "touch /out/marker" #' });
  const body = getRunCreateOptions({ image: 'busybox', command: '${{ params.tool }} --version', entrypoint: 'env ${{ params.v }}' }, { workspace: '/w', runId: 'r', step: 's', secrets: {}, evaluate: ev });
  assert.deepEqual(body.Cmd, ['sh -c "touch /out/marker" #', '--version']);
  assert.deepEqual(body.Entrypoint, ['env', 'x; touch /tmp/marker']);
});

test('(unit) docker.run: healthCmd (run by sh -c in the container) reads values from container variables', () => {
  assert.equal(dockerRunStep.withValues?.healthCmd, 'raw');
  const ev = evaluator({ v: 'x; touch /tmp/marker' });
  const body = getRunCreateOptions({ image: 'busybox', env: { A: 'b' }, healthCmd: 'test -n ${{ params.v }} && echo "v=${{ params.v }}"' }, { workspace: '/w', runId: 'r', step: 's', secrets: {}, evaluate: ev });
  assert.deepEqual(body.Healthcheck?.Test, ['CMD-SHELL', 'test -n "${ANSFLOW_HEALTH_0}" && echo "v=${ANSFLOW_HEALTH_0}"']);
  assert.deepEqual(body.Env, ['A=b', 'ANSFLOW_HEALTH_0=x; touch /tmp/marker']);
  assert.throws(() => getRunCreateOptions({ image: 'b', healthCmd: "sh -c 'echo ${{ params.v }}'" }, { workspace: '/w', runId: 'r', step: 's', secrets: {}, evaluate: ev }), /with\.healthCmd: /);
});
