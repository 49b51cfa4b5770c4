// The helpers' protocol as Node speaks it, for the C, the Python and the Perl helper alike: a job
// started without asking for its pid costs Node only the frames of its exit (no P frame, so one read
// fewer per step); asked, the pid comes first; K signals a running job's process group. The C and
// Python helpers (both posix_spawn) also answer a folder or command that cannot be used with the
// same E message, look the command up on the step's PATH, forget a job's pipes on D, kill every job
// when their stdin ends and shrug off a SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelperFrameReader } from '../../../../src/core/process/helperFrames.js';
import { SPAWN_HELPER_SCRIPT } from '../../../../src/core/process/spawnHelperScript.js';
import { FORK_HELPER_SCRIPT } from '../../../../src/core/process/forkHelperScript.js';
import { ensureNativeHelper, nativeSkip } from './nativeHelperBuild.js';
import { alive, waitFor } from './processProbe.js';

const NATIVE = ensureNativeHelper();
const POSIX_SPAWN_HELPERS = [
  // Missing under CI: the spawn fails, and so do its tests.
  { name: 'C', command: NATIVE ?? 'ansflow-native-helper-missing', args: [] as string[], options: nativeSkip(NATIVE) },
  { name: 'Python', command: 'python3', args: ['-I', '-S', '-c', SPAWN_HELPER_SCRIPT], options: {} },
];
const HELPERS = [...POSIX_SPAWN_HELPERS, { name: 'Perl', command: 'perl', args: ['-e', FORK_HELPER_SCRIPT], options: {} }];

interface Frame {
  type: string;
  id: number;
  payload: string;
}

/** A helper process: send commands, wait for the frames of a job up to its C frame. */
function startHelper(h: { command: string; args: string[] }) {
  const child = spawn(h.command, h.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  const reader = new HelperFrameReader(() => false, (type, id, payload) => {
    frames.push({ type, id, payload: payload.toString() });
    for (const w of waiters.splice(0)) w();
  });
  child.stdout.on('data', (d: Buffer) => reader.push(d));
  const send = (fields: string[]) => {
    const body = fields.join('\0');
    child.stdin.write(`${Buffer.byteLength(body)}\n${body}`);
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((r) => waiters.push(r));
  };
  const start = (id: number, wantPid: boolean, argv: string[], opts: { cwd?: string; path?: string } = {}) =>
    send(['S', String(id), opts.cwd ?? process.cwd(), '', wantPid ? '1' : '', '1', `PATH=${opts.path ?? process.env.PATH}`, ...argv]);
  const of = (id: number) => frames.filter((f) => f.id === id);
  const has = (id: number, type: string) => until(() => of(id).some((f) => f.type === type));
  return { child, frames, send, start, of, has, closed: (id: number) => has(id, 'C') };
}

for (const h of HELPERS) {
  test(`(unit) ${h.name} helper: a job that did not ask for its pid gets X and C only; one that asked gets P first`, h.options, async () => {
    const helper = startHelper(h);
    try {
      helper.start(1, false, ['true']);
      await helper.closed(1);
      assert.deepEqual(helper.of(1).map((f) => f.type), ['X', 'C']);
      assert.equal(helper.of(1)[0]!.payload, '0 0');
      helper.start(2, true, ['true']);
      await helper.closed(2);
      assert.deepEqual(helper.of(2).map((f) => f.type), ['P', 'X', 'C']);
      assert.match(helper.of(2)[0]!.payload, /^\d+$/);
    } finally {
      helper.child.stdin.end();
    }
  });

  test(`(unit) ${h.name} helper: K signals the job's whole process group, the background child too`, h.options, async () => {
    const helper = startHelper(h);
    try {
      // The leader waits on a background sleep of its group: both must go for the job to close.
      helper.start(1, false, ['bash', '-c', 'sleep 60 & wait']);
      helper.send(['K', '1', String(constants.signals.SIGTERM)]);
      await helper.closed(1);
      assert.equal(helper.of(1).find((f) => f.type === 'X')!.payload, `0 ${constants.signals.SIGTERM}`);
      // A K for a job that is over is ignored: the helper still serves.
      helper.send(['K', '1', String(constants.signals.SIGKILL)]);
      helper.start(2, false, ['true']);
      await helper.closed(2);
    } finally {
      helper.child.stdin.end();
    }
  });

  test(`(unit) ${h.name} helper: a job holds the descriptors a direct spawn does, none of the helper's or of another job's pipes`, h.options, async () => {
    // 0, 1, 2, ls's own listing of the folder, and whatever this test's runner left open to us all.
    const direct = spawnSync('ls', ['/proc/self/fd'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }).stdout;
    const helper = startHelper(h);
    try {
      helper.start(1, false, ['sleep', '60']);
      helper.start(2, false, ['ls', '/proc/self/fd']);
      await helper.closed(2);
      assert.equal(helper.of(2).find((f) => f.type === 'O')!.payload, direct);
    } finally {
      helper.child.stdin.end();
    }
  });
}

for (const h of POSIX_SPAWN_HELPERS) {
  test(`(unit) ${h.name} helper: a folder that cannot be entered or a command not found is an E message, exit 127 and C; the helper goes on`, h.options, async () => {
    const helper = startHelper(h);
    try {
      helper.start(1, true, ['true'], { cwd: '/nonexistent/ansflow-dir' });
      helper.start(2, true, ['ansflow-no-such-command']);
      const file = join(mkdtempSync(join(tmpdir(), 'ansflow-helper-')), 'plain');
      writeFileSync(file, '');
      helper.start(3, false, ['true'], { cwd: file });
      for (const id of [1, 2, 3]) await helper.closed(id);
      const summary = (id: number) => helper.of(id).map((f) => `${f.type}:${f.payload}`);
      assert.deepEqual(summary(1), ['E:cannot change to /nonexistent/ansflow-dir: No such file or directory\n', 'X:127 0', 'C:']);
      assert.deepEqual(summary(2), ['E:cannot run ansflow-no-such-command: No such file or directory\n', 'X:127 0', 'C:']);
      assert.deepEqual(summary(3), [`E:cannot change to ${file}: Not a directory\n`, 'X:127 0', 'C:']);
      helper.start(4, false, ['true']);
      await helper.closed(4);
      assert.equal(helper.of(4)[0]!.payload, '0 0');
    } finally {
      helper.child.stdin.end();
    }
  });

  test(`(unit) ${h.name} helper: a command is looked up on the step's PATH, relative to its folder, not on the helper's`, h.options, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-helper-path-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'ansflow-probe-tool'), '#!/bin/sh\necho "tool in $(pwd)"\n', { mode: 0o755 });
    // A folder of that name earlier on PATH is passed over, as execvp does.
    mkdirSync(join(dir, 'early', 'ansflow-probe-tool'), { recursive: true });
    const helper = startHelper(h);
    try {
      helper.start(1, false, ['ansflow-probe-tool'], { cwd: dir, path: `early:bin:${process.env.PATH}` });
      await helper.closed(1);
      // The exit may be reaped before the output is read (both helpers reap first in a poll round).
      const frames = helper.of(1);
      assert.equal(frames.filter((f) => f.type === 'O').map((f) => f.payload).join(''), `tool in ${dir}\n`);
      assert.equal(frames.find((f) => f.type === 'X')!.payload, '0 0');
      assert.equal(frames.at(-1)!.type, 'C');
    } finally {
      helper.child.stdin.end();
    }
  });

  test(`(unit) ${h.name} helper: D forgets the pipes a process that left the group still holds; its exit came first`, { ...h.options, timeout: 30_000 }, async () => {
    const helper = startHelper(h);
    const marker = join(mkdtempSync(join(tmpdir(), 'ansflow-helper-d-')), 'left');
    let escaped = 0;
    try {
      // setsid: the sleep leaves the job's group, so the kill at reap misses it and it keeps stdout.
      // The leader exits only once it has left (the marker), or the kill could still reach it.
      const script = `setsid sh -c 'echo $$; touch "$0"; exec sleep 60' "${marker}" & while [ ! -e "${marker}" ]; do sleep 0.01; done`;
      helper.start(1, false, ['bash', '-c', script]);
      await helper.has(1, 'X');
      escaped = Number(helper.of(1).find((f) => f.type === 'O')!.payload);
      assert.ok(alive(escaped), 'the escaped sleep holds the pipe');
      assert.ok(!helper.of(1).some((f) => f.type === 'C'));
      helper.send(['D', '1']);
      await helper.closed(1);
    } finally {
      helper.child.stdin.end();
      if (escaped) process.kill(escaped, 'SIGKILL');
    }
  });

  test(`(unit) ${h.name} helper: its stdin ending kills every job's group and the helper exits 0; a SIGINT before does nothing`, { ...h.options, timeout: 30_000 }, async () => {
    const helper = startHelper(h);
    helper.start(1, true, ['bash', '-c', 'sleep 60 & echo $!; wait']);
    await helper.has(1, 'O');
    const pids = [Number(helper.of(1).find((f) => f.type === 'P')!.payload), Number(helper.of(1).find((f) => f.type === 'O')!.payload)];
    assert.ok(pids.every(alive));
    helper.child.kill('SIGINT');
    helper.start(2, false, ['true']);
    await helper.closed(2);
    const exited = new Promise<number | null>((r) => helper.child.on('exit', (code) => r(code)));
    helper.child.stdin.end();
    assert.equal(await exited, 0);
    await waitFor(() => !pids.some(alive), `${pids.join(', ')} to be gone`);
  });
}

test('(unit) C helper: out of descriptors, a job fails with that message (exit 127) and the helper goes on', { ...nativeSkip(NATIVE), timeout: 30_000 }, async () => {
  // 0-2, its self-pipe and /dev/null are 6; the job's folder and first pipe 3 more: the second pipe fails.
  const helper = startHelper({ command: 'bash', args: ['-c', 'ulimit -n 9; exec "$0"', NATIVE ?? 'ansflow-native-helper-missing'] });
  try {
    helper.start(1, false, ['true']);
    await helper.closed(1);
    assert.deepEqual(helper.of(1).map((f) => `${f.type}:${f.payload}`), ['E:cannot run true: Too many open files\n', 'X:127 0', 'C:']);
    helper.start(2, false, ['true']);
    await helper.closed(2);
    assert.equal(helper.of(2)[1]!.payload, '127 0', 'the helper still answers');
  } finally {
    helper.child.stdin.end();
  }
});
