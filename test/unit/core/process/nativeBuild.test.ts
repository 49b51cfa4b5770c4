// The C spawn helper's build: warning-free with the flags the build uses, also its posix_spawn variant
// (what other systems than Linux build, where the Linux build vforks by hand) and that variant for a C
// library without posix_spawn's fchdir action (glibc before 2.29), which must serve as well; and a
// machine without a C compiler gets one line from the build and no helper (Python serves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCI } from '../../../ciMode.mjs';
import { buildSpawnHelper, SPAWN_HELPER_CFLAGS, SPAWN_HELPER_SOURCE } from '../../../../src/core/process/native/build.mjs';
import { HelperFrameReader, readyFrame } from '../../../../src/core/process/helperFrames.js';

const hasCc = spawnSync('cc', ['--version']).status === 0;
// CI installs build-essential: there a missing compiler fails these tests.
const needsCc = hasCc || isCI() ? {} : { skip: 'no C compiler here' };

/** Compiles the source with the build's flags, -Werror and `extra`; returns the binary. */
function compile(extra: string[]): string {
  const out = join(mkdtempSync(join(tmpdir(), 'ansflow-native-build-')), 'spawn-helper');
  execFileSync('cc', [...SPAWN_HELPER_CFLAGS, '-Werror', ...extra, '-o', out, SPAWN_HELPER_SOURCE], { stdio: 'pipe' });
  return out;
}

test('(unit) native spawn helper: spawnHelper.c compiles with -Wall -Wextra -O2 and no warning, as built and in its posix_spawn variant', needsCc, () => {
  for (const variant of [[], ['-DSPAWN_HELPER_POSIX_SPAWN']]) assert.deepEqual(spawnSync(compile(variant), { input: '' }).stdout, readyFrame(), variant.join(' '));
});

test('(unit) native spawn helper: built for a C library without the fchdir action, it enters the step folder for the spawn only', needsCc, async () => {
  const bin = compile(['-DSPAWN_HELPER_POSIX_SPAWN', '-DSPAWN_HELPER_NO_FCHDIR']);
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ansflow-native-cwd-')));
  // The second job's folder is '.': the helper's own (where it was started), unchanged by the first.
  const home = realpathSync(tmpdir());
  const child = spawn(bin, { cwd: home, stdio: ['pipe', 'pipe', 'inherit'] });
  const out = new Map<number, string>();
  let closed = 0;
  const done = new Promise<void>((resolve) => {
    const reader = new HelperFrameReader(() => false, (type, id, payload) => {
      if (type === 'O') out.set(id, (out.get(id) ?? '') + payload.toString());
      if (type === 'C' && ++closed === 2) resolve();
    });
    child.stdout.on('data', (d: Buffer) => reader.push(d));
  });
  for (const [id, cwd] of [[1, dir], [2, '.']] as const) {
    const body = ['S', String(id), cwd, '', '', '1', `PATH=${process.env.PATH}`, 'pwd'].join('\0');
    child.stdin.write(`${Buffer.byteLength(body)}\n${body}`);
  }
  await done;
  child.stdin.end();
  assert.equal(out.get(1), `${dir}\n`);
  assert.equal(out.get(2), `${home}\n`);
});

test('(unit) native spawn helper: without a C compiler the build says so in one line and makes nothing', () => {
  const lines: string[] = [];
  const before = process.env.CC;
  process.env.CC = 'ansflow-no-such-cc';
  try {
    assert.equal(buildSpawnHelper(mkdtempSync(join(tmpdir(), 'ansflow-native-nocc-')), (l) => lines.push(l)), undefined);
  } finally {
    if (before === undefined) delete process.env.CC;
    else process.env.CC = before;
  }
  assert.deepEqual(lines, ['spawn helper: not built, steps will start through python3 instead: no C compiler (ansflow-no-such-cc; install build-essential or gcc)']);
});
