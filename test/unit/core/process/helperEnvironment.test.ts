// Each job started through a helper gets exactly the environment it was given, although the helper is
// sent only what changed since the previous job (ForkHelper.envChanges): variables added, changed,
// removed, empty, holding `=`, and ones no process can carry (a NUL, a name with `=`), in sequence and
// with jobs started together — for the C, Python and Perl helpers (a direct spawn is given the whole
// environment each time, and Node refuses a value with a NUL there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProcess, type ProcessOutcome } from '../../../../src/core/process/index.js';
import { ensureNativeHelper } from './nativeHelperBuild.js';
import { withHelperSetting } from './helperSetting.js';

ensureNativeHelper();

const VIAS = [
  { name: 'C helper', helper: undefined },
  { name: 'Python helper', helper: 'python' },
  { name: 'Perl helper', helper: 'perl' },
] as const;

const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** The environments of the jobs, in the order they start; what each process must see is `expected`. */
const SEQUENCE: Array<{ env: Record<string, string | undefined>; expected: Record<string, string> }> = [
  { env: { PATH, A: '1', B: '2', KEEP: 'k' }, expected: { PATH, A: '1', B: '2', KEEP: 'k' } },
  { env: { PATH, A: '1', KEEP: 'k' }, expected: { PATH, A: '1', KEEP: 'k' } },
  { env: { PATH, A: '3', C: 'x=y', KEEP: 'k', B: undefined }, expected: { PATH, A: '3', C: 'x=y', KEEP: 'k' } },
  { env: { PATH, B: '', KEEP: 'k' }, expected: { PATH, B: '', KEEP: 'k' } },
  { env: { PATH, KEEP: 'k', 'BAD=NAME': 'v', NUL: 'a\0b' }, expected: { PATH, KEEP: 'k' } },
  { env: { PATH, KEEP: 'changed', NUL: 'clean' }, expected: { PATH, KEEP: 'changed', NUL: 'clean' } },
  { env: { PATH }, expected: { PATH } },
];

function seen(outcome: ProcessOutcome): Record<string, string> {
  assert.equal(outcome.kind, 'exited', JSON.stringify(outcome));
  const text = (outcome as { stdout: string }).stdout;
  return Object.fromEntries(text.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

for (const via of VIAS) {
  const run = (env: Record<string, string | undefined>) => withHelperSetting(via.helper, () => runProcess({ command: 'env', args: ['-0'], env, capture: true, preferForkHelper: true }));

  test(`(unit) ${via.name}: each job in turn sees exactly its own environment`, async () => {
    for (const [i, { env, expected }] of SEQUENCE.entries()) assert.deepEqual(seen(await run(env)), expected, `job ${i}`);
  });

  test(`(unit) ${via.name}: jobs started together each see exactly their own environment`, async () => {
    const outcomes = await Promise.all([...SEQUENCE, ...SEQUENCE.slice().reverse()].map(({ env }) => run(env)));
    const expected = [...SEQUENCE, ...SEQUENCE.slice().reverse()].map((s) => s.expected);
    outcomes.forEach((o, i) => assert.deepEqual(seen(o), expected[i], `job ${i}`));
  });
}
