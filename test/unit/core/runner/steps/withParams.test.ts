// The one `with` reader: accepted spellings, located errors, and what the shell step makes of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WithParamError, WithParams } from '../../../../../src/core/runner/steps/WithParams.js';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { loadBuiltinStepTypes } from '../../../../../src/core/runner/steps/index.js';
import { pipeline, sh } from '../helpers/pipelines.js';

const reader = (w: Record<string, unknown>) => WithParams.of({ with: w, stepId: 'deploy' });

test('(unit) WithParams: booleans as YAML writes them and as expressions give them', () => {
  const w = reader({ a: true, b: 'false', c: 'FALSE', d: ' no ', e: 0, f: 'yes', g: '', h: null });
  assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => w.bool(k)), [true, false, false, false, false, true]);
  assert.equal(w.bool('g'), undefined, 'empty text is not given');
  assert.equal(w.bool('h', true), true);
  assert.equal(w.bool('missing', false), false);
});

test('(unit) WithParams: a value of the wrong type is an error naming the step and the key', () => {
  const w = reader({ strict: 'maybe', n: 'ten', t: '5 minutes', kind: 'blue', tags: [{ a: 1 }], env: 'A=1', name: { x: 1 } });
  const cases: Array<[() => unknown, string]> = [
    [() => w.bool('strict'), `step 'deploy': with.strict: expected true or false, got "maybe"`],
    [() => w.number('n'), `step 'deploy': with.n: expected a number, got "ten"`],
    [() => w.duration('t'), `step 'deploy': with.t: expected a duration such as 90s, 5m or 1h30m (or a number of seconds), got "5 minutes"`],
    [() => w.enum('kind', ['red', 'green']), `step 'deploy': with.kind: expected one of red, green, got "blue"`],
    [() => w.list('tags'), `step 'deploy': with.tags: expected a list of texts, got an item that is a map`],
    [() => w.map('env'), `step 'deploy': with.env: expected a map, got "A=1"`],
    [() => w.string('name'), `step 'deploy': with.name: expected text, got a map`],
    [() => w.require('image'), `step 'deploy': with.image: is required`],
  ];
  for (const [read, message] of cases) {
    assert.throws(read, (e: unknown) => e instanceof WithParamError && e.message === message && e.code === 'invalid-input', message);
  }
});

test('(unit) WithParams: check mode collects problems and reads bad values as absent', () => {
  const w = WithParams.check({ strict: 'maybe', n: 7, forks: '2.5' });
  assert.equal(w.bool('strict', true), true);
  assert.equal(w.number('n', { integer: true, min: 0, max: 4 }), undefined);
  assert.equal(w.number('forks', { integer: true }), undefined);
  assert.deepEqual(w.problems, [
    { key: 'strict', message: 'expected true or false, got "maybe"' },
    { key: 'n', message: 'expected a whole number from 0 to 4, got 7' },
    { key: 'forks', message: 'expected a whole number, got "2.5"' },
  ]);
});

test('(unit) WithParams: durations through the one parser, lists, maps, aliases and text', () => {
  const w = reader({ timeout: '1h30m', secs: 90, tags: 'a, b', limit: ['web', 1], env: { A: 'x', N: 2 }, 'skip-tags': 'slow', extra_vars: { k: 1 }, tag: 1.5, flag: true });
  assert.equal(w.duration('timeout'), 5_400_000);
  assert.equal(w.seconds('secs'), 90);
  assert.deepEqual(w.list('tags', { commas: true }), ['a', 'b']);
  assert.deepEqual(w.list('tags'), ['a, b']);
  assert.deepEqual(w.list('limit'), ['web', '1']);
  assert.deepEqual(w.map('env'), { A: 'x', N: '2' });
  assert.deepEqual(w.list('skipTags'), ['slow']);
  assert.deepEqual(w.object('extraVars'), { k: 1 });
  assert.equal(w.string('tag'), '1.5');
  assert.equal(w.string('flag'), 'true');
  assert.equal(w.has('missing'), false);
});

async function runShell(withParams: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-with-'));
  const h = runPipeline(pipeline([sh('s', 'false\necho after-false', { with: withParams })]), { workspace: dir, logBatchMs: 5 });
  let log = '';
  h.onEvent((e) => {
    if (e.type === 'step-log') log += e.text;
  });
  const summary = await h.done;
  return { step: summary.steps[0]!, log };
}

test('(unit) shell step: `strict: "false"` (text from an expression) turns strict mode off', async () => {
  const off = await runShell({ strict: 'false' });
  assert.equal(off.step.status, 'success', off.step.reason);
  assert.match(off.log, /after-false/);
  const on = await runShell({ strict: 'true' });
  assert.equal(on.step.status, 'failed');
  assert.doesNotMatch(on.log, /after-false/);
});

test('(unit) shell step: `strict: "maybe"` fails before running, naming the key', async () => {
  const bad = await runShell({ strict: 'maybe' });
  assert.equal(bad.step.status, 'failed');
  assert.match(bad.step.reason ?? '', /with\.strict: expected true or false, got "maybe"/);
  assert.doesNotMatch(bad.log, /after-false/);
});

// Per step type: a `with` it accepts, and one key given a value of the wrong type.
const WRONG_TYPE: Array<[type: string, valid: Record<string, unknown>, key: string, bad: unknown]> = [
  ['shell', { run: 'true' }, 'strict', 'maybe'],
  ['python', { script: 'pass' }, 'interpreter', { a: 1 }],
  ['node', { script: '1' }, 'interpreter', ['node']],
  ['file', { action: 'write', dest: 'a.txt', content: 'x' }, 'overwrite', 'maybe'],
  ['approval', {}, 'timeout', 'soon'],
  ['notify', { kind: 'webhook', url: 'http://127.0.0.1:9/' }, 'timeoutMs', 'soon'],
  ['docker.build', { context: '.' }, 'noCache', 'maybe'],
  ['docker.run', { image: 'busybox' }, 'detach', 'maybe'],
  ['docker.push', { image: 'busybox' }, 'tags', [{ a: 1 }]],
  ['kubernetes.apply', { manifests: 'k8s/' }, 'wait', 'maybe'],
  ['kubernetes.rollout', { resource: 'deployment/web' }, 'wait', 'maybe'],
  ['kubernetes.delete', { resource: 'deployment/web' }, 'wait', 'maybe'],
  ['kubernetes.job', { image: 'busybox', command: ['true'] }, 'keep', 'maybe'],
  ['helm.install', { chart: './c', release: 'r' }, 'wait', 'maybe'],
  ['helm.upgrade', { chart: './c', release: 'r' }, 'atomic', 'maybe'],
  ['helm.rollback', { release: 'r' }, 'revision', 'last'],
  ['helm.uninstall', { release: 'r' }, 'keepHistory', 'maybe'],
  ['ansible.playbook', { playbook: 'site.yml' }, 'forks', 'many'],
  ['ansible.adhoc', { hosts: 'all' }, 'become', 'maybe'],
  ['git.checkout', { repository: 'https://example.com/a.git' }, 'depth', 'deep'],
  ['placeholder', { original: 'uses: a/b@v1', reason: 'no local equivalent' }, 'reason', { a: 1 }],
];

test('(unit) every step family reads with through the typed reader: validate names a key of the wrong type', async () => {
  const types = await loadBuiltinStepTypes();
  for (const [type, valid, key, bad] of WRONG_TYPE) {
    const st = types.get(type);
    assert.ok(st?.validate, `${type} is registered with validate`);
    assert.deepEqual(st.validate(valid), [], `${type} accepts ${JSON.stringify(valid)}`);
    const problems = st.validate({ ...valid, [key]: bad });
    assert.deepEqual(problems.map((p) => p.key), [key], `${type}: ${key}: ${JSON.stringify(bad)} → ${JSON.stringify(problems)}`);
    assert.match(problems[0]!.message, /^expected /, type);
  }
});

test('(unit) WithParams: a key read twice is reported once; inherited names are not keys', () => {
  const w = WithParams.check({ wait: 'maybe' });
  w.bool('wait');
  w.bool('wait', true);
  assert.deepEqual(w.problems, [{ key: 'wait', message: 'expected true or false, got "maybe"' }]);
  assert.equal(WithParams.check({}).get('constructor'), undefined);
  assert.equal(WithParams.check({}).string('toString'), undefined);
});
