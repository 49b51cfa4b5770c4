// A step never fails because a helper could not start: a python3 on PATH that cannot serve the
// spawn helper (too old, a broken shim) hands its jobs to Perl, and with no helper able to run they
// are spawned directly. Which process started the step shows in the step's own parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runProcess, type ProcessOutcome } from '../../../../src/core/process/index.js';
import { FORK_HELPER_SCRIPT } from '../../../../src/core/process/forkHelperScript.js';
import { readyFrame } from '../../../../src/core/process/helperFrames.js';
import { SPAWN_HELPER_SCRIPT } from '../../../../src/core/process/spawnHelperScript.js';
import { which } from '../../../../src/core/runner/steps/local/interpreter.js';

/** A folder holding executable shims named after `names`, each running `body` with sh. */
function shims(names: string[], body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-helper-shim-'));
  for (const n of names) writeFileSync(join(dir, n), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** Runs `start` with `dir` first on PATH and the helper left to its default choice. */
async function withShims<T>(dir: string, start: () => Promise<T>): Promise<T> {
  const path = process.env.PATH;
  const setting = process.env.ANSFLOW_FORK_HELPER;
  process.env.PATH = `${dir}${delimiter}${path ?? ''}`;
  delete process.env.ANSFLOW_FORK_HELPER;
  try {
    return await start();
  } finally {
    process.env.PATH = path;
    if (setting !== undefined) process.env.ANSFLOW_FORK_HELPER = setting;
  }
}

/** A step that names its parent process, writes to both streams and exits 3. */
function step(tag: string): Promise<ProcessOutcome> {
  return runProcess({
    command: 'bash',
    args: ['-c', `echo "${tag} $PPID $(cat /proc/$PPID/comm)"; echo "${tag} to stderr" >&2; exit 3`],
    capture: true,
    preferForkHelper: true,
  });
}

/** The step's outcome is intact and it was started by a process whose name is `parent`. */
function assertRanUnder(outcome: ProcessOutcome, tag: string, parent: string | number): void {
  assert.ok(outcome.kind === 'exited', JSON.stringify(outcome));
  assert.equal(outcome.exitCode, 3);
  assert.equal(outcome.stderr, `${tag} to stderr\n`);
  const m = new RegExp(`^${tag} (\\d+) (\\S+)\\n$`).exec(outcome.stdout);
  assert.ok(m, outcome.stdout);
  if (typeof parent === 'number') assert.equal(Number(m[1]), parent);
  else assert.equal(m[2], parent);
}

for (const [what, body] of [
  ['exits 1 at once', 'exit 1'],
  ['prints garbage and exits', 'echo "Python 2.7 is not supported here, sorry"; exit 0'],
  ['prints garbage and stays', 'echo "garbage"; exec sleep 1000'],
] as const) {
  test(`(unit) spawn helper: a python3 that ${what} hands the jobs sent to it to Perl; each step runs once, output and exit code intact`, { timeout: 60_000 }, async () => {
    const dir = shims(['python3'], body);
    const [a, b] = await withShims(dir, () => Promise.all([step('first'), step('second')]));
    assertRanUnder(a!, 'first', 'perl');
    assertRanUnder(b!, 'second', 'perl');
    // Later steps go straight to Perl.
    assertRanUnder(await withShims(dir, () => step('later')), 'later', 'perl');
  });
}

test('(unit) spawn helper: with python3 and Perl both unable to serve, the jobs are spawned directly', { timeout: 60_000 }, async () => {
  const dir = shims(['python3', 'perl'], 'exit 1');
  const [a, b] = await withShims(dir, () => Promise.all([step('first'), step('second')]));
  assertRanUnder(a!, 'first', process.pid);
  assertRanUnder(b!, 'second', process.pid);
  assertRanUnder(await withShims(dir, () => step('later')), 'later', process.pid);
});

test('(unit) spawn helper: the real python3 still serves after a shim elsewhere on PATH was given up', async () => {
  await withShims(shims(['python3'], 'exit 1'), () => step('shimmed'));
  const outcome = await withShims(mkdtempSync(join(tmpdir(), 'ansflow-helper-empty-')), () => step('real'));
  assertRanUnder(outcome, 'real', 'python3');
});

test('(unit) helpers: each writes exactly the ready frame first; a python3 without os.posix_spawn (older than 3.8) exits 3 before it', () => {
  const python = which('python3')!;
  const perl = which('perl')!;
  for (const [cmd, args] of [
    [python, ['-I', '-S', '-c', SPAWN_HELPER_SCRIPT]],
    [perl, ['-e', FORK_HELPER_SCRIPT]],
  ] as const) {
    // stdin at its end: the helper says it is ready, then exits.
    const r = spawnSync(cmd, args, { input: '' });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(r.stdout, readyFrame());
  }
  const old = spawnSync(python, ['-I', '-S', '-c', `import os\ndel os.posix_spawn\n${SPAWN_HELPER_SCRIPT}`], { input: '' });
  assert.equal(old.status, 3);
  assert.equal(old.stdout.length, 0);
});

test('(unit) spawn helper: a python3 without os.posix_spawn hands its jobs to Perl', { timeout: 60_000 }, async () => {
  const dir = shims(['python3'], `exec ${which('python3')!} -I -S -c "import os\ndel os.posix_spawn\n$4"`);
  assertRanUnder(await withShims(dir, () => step('old')), 'old', 'perl');
});

test('(unit) spawn helper: a python3 that hangs at start without a word hands its jobs to Perl; each step runs once', { timeout: 30_000 }, async () => {
  const dir = shims(['python3'], 'exec sleep 1000');
  const [a, b] = await withShims(dir, () => Promise.all([step('first'), step('second')]));
  assertRanUnder(a!, 'first', 'perl');
  assertRanUnder(b!, 'second', 'perl');
});
