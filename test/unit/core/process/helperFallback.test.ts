// A step never fails because a helper could not start: a C helper that cannot serve (a broken or
// foreign file) hands its jobs to Python, and one left without its mode bits is made executable; a
// python3 on PATH that cannot serve the spawn helper (too old, a broken shim) hands its jobs to
// Perl, and with no helper able to run they are spawned directly. Which process started the step
// shows in the step's own parent. The Python cases run with the C helper skipped
// (ANSFLOW_FORK_HELPER=python), as on a machine where none was built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runProcess, type ProcessOutcome } from '../../../../src/core/process/index.js';
import { FORK_HELPER_SCRIPT } from '../../../../src/core/process/forkHelperScript.js';
import { readyFrame } from '../../../../src/core/process/helperFrames.js';
import { SPAWN_HELPER_SCRIPT } from '../../../../src/core/process/spawnHelperScript.js';
import { which } from '../../../../src/core/runner/steps/local/interpreter.js';
import { lookForNativeHelperInForTest, nativeHelperFile } from '../../../../src/core/process/native/nativeHelper.js';
import { ensureNativeHelper, nativeSkip } from './nativeHelperBuild.js';

const NATIVE = ensureNativeHelper();

/** A folder holding executable shims named after `names`, each running `body` with sh. */
function shims(names: string[], body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-helper-shim-'));
  for (const n of names) writeFileSync(join(dir, n), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** Runs `start` with `dir` first on PATH and the helper choice from Python on (`setting`; null: the default). */
async function withShims<T>(dir: string, start: () => Promise<T>, setting: string | null = 'python'): Promise<T> {
  const path = process.env.PATH;
  const before = process.env.ANSFLOW_FORK_HELPER;
  process.env.PATH = `${dir}${delimiter}${path ?? ''}`;
  if (setting === null) delete process.env.ANSFLOW_FORK_HELPER;
  else process.env.ANSFLOW_FORK_HELPER = setting;
  try {
    return await start();
  } finally {
    process.env.PATH = path;
    if (before === undefined) delete process.env.ANSFLOW_FORK_HELPER;
    else process.env.ANSFLOW_FORK_HELPER = before;
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

test('(unit) helpers: each writes exactly the ready frame first; a python3 without os.posix_spawn (older than 3.8) exits 3 before it', nativeSkip(NATIVE), () => {
  const python = which('python3')!;
  const perl = which('perl')!;
  for (const [cmd, args] of [
    [NATIVE ?? 'ansflow-native-helper-missing', []],
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

/** Runs `start` with the C helper looked for in `dir` only, and the default choice. */
async function withNativeIn<T>(dir: string, start: () => Promise<T>): Promise<T> {
  lookForNativeHelperInForTest([dir]);
  try {
    return await withShims(mkdtempSync(join(tmpdir(), 'ansflow-helper-empty-')), start, null);
  } finally {
    lookForNativeHelperInForTest(undefined);
  }
}

for (const [what, body] of [
  ['exits 1 at once', 'exit 1'],
  ['prints garbage and stays', 'echo "garbage"; exec sleep 1000'],
] as const) {
  test(`(unit) C spawn helper: one that ${what} hands the jobs sent to it to Python; each step runs once`, { timeout: 30_000 }, async () => {
    const dir = shims([nativeHelperFile()], `touch "$(dirname "$0")/ran"; ${body}`);
    const [a, b] = await withNativeIn(dir, () => Promise.all([step('first'), step('second')]));
    assert.ok(existsSync(join(dir, 'ran')), 'the C helper was tried first');
    assertRanUnder(a!, 'first', 'python3');
    assertRanUnder(b!, 'second', 'python3');
  });
}

test('(unit) C spawn helper: one whose mode bits were lost (an unzip that drops them) is made executable and serves', nativeSkip(NATIVE), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-helper-native-'));
  const copy = join(dir, nativeHelperFile());
  copyFileSync(NATIVE ?? 'ansflow-native-helper-missing', copy);
  chmodSync(copy, 0o644);
  // The process name is the file's, cut to 15 characters.
  assertRanUnder(await withNativeIn(dir, () => step('unzipped')), 'unzipped', nativeHelperFile().slice(0, 15));
  assert.equal(statSync(copy).mode & 0o777, 0o755);
});
