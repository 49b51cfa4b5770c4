// The one process runner: process-group cancel (SIGTERM, SIGKILL after the grace period, forced
// SIGKILL), output limit, missing tool, exit code / signal mapping — through both launch paths
// (direct spawn, the C and the Python spawn helper, the Perl fork helper).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from '../../../../src/core/runner/steps/local/interpreter.js';
import { runProcess, runToolCommand, type ProcessOutcome, type ProcessRequest } from '../../../../src/core/process/index.js';
import { ToolError } from '../../../../src/core/contracts/result.js';
import { ForkHelper } from '../../../../src/core/process/ForkHelper.js';
import { alive, waitFor } from './processProbe.js';
import { withHelperSetting } from './helperSetting.js';
import { isCI } from '../../../ciMode.mjs';
import { ensureNativeHelper, nativeSkip } from './nativeHelperBuild.js';
import { nativeHelperPath } from '../../../../src/core/process/native/nativeHelper.js';

const NATIVE = ensureNativeHelper();

const PATHS = [
  { name: 'direct spawn', preferForkHelper: false },
  { name: 'fork helper (the C one when built)', preferForkHelper: true, helper: undefined },
  { name: 'fork helper, Python', preferForkHelper: true, helper: 'python' },
  { name: 'fork helper, Perl', preferForkHelper: true, helper: 'perl' },
] as const;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ansflow-proc-'));
}

for (const via of PATHS) {
  const run = (req: ProcessRequest): Promise<ProcessOutcome> => withHelperSetting('helper' in via ? via.helper : undefined, () => runProcess({ preferForkHelper: via.preferForkHelper, ...req }));

  test(`(unit) runProcess [${via.name}]: cancel ends the group — a grandchild ignoring SIGTERM does not survive`, { timeout: 60_000 }, async () => {
    const dir = tmp();
    const pidFile = join(dir, 'grandchild.pid');
    // The grandchild ignores TERM and keeps the pipes: only the SIGKILL to the group ends it.
    const script = `(trap '' TERM; echo $BASHPID > "${pidFile}.tmp"; mv "${pidFile}.tmp" "${pidFile}"; while :; do sleep 1; done) & wait`;
    const abort = new AbortController();
    const done = run({ command: 'bash', args: ['-c', script], signal: abort.signal, killGraceMs: 60_000 });
    await waitFor(() => existsSync(pidFile), 'the pid file');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(alive(pid));
    abort.abort();
    const outcome = await done;
    assert.equal(outcome.kind, 'cancelled');
    // The pipes closed, so the grandchild is exiting; wait for the kernel to finish it.
    await waitFor(() => !alive(pid), `grandchild ${pid} to be gone`);
  });

  test(`(unit) runProcess [${via.name}]: a leader ignoring SIGTERM is killed after the grace period, with its group`, { timeout: 60_000 }, async () => {
    const dir = tmp();
    const pidFile = join(dir, 'pids');
    const script = `trap '' TERM; sleep 1000 & echo "$$ $!" > "${pidFile}.tmp"; mv "${pidFile}.tmp" "${pidFile}"; while :; do sleep 1; done`;
    const abort = new AbortController();
    const done = run({ command: 'bash', args: ['-c', script], signal: abort.signal, killGraceMs: 200 });
    await waitFor(() => existsSync(pidFile), 'the pid file');
    const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    abort.abort();
    assert.equal((await done).kind, 'cancelled');
    await waitFor(() => pids.every((p) => !alive(p)), `${pids.join(', ')} to be gone`);
  });

  test(`(unit) runProcess [${via.name}]: a forced cancel kills at once, without waiting for the grace period`, { timeout: 30_000 }, async () => {
    const dir = tmp();
    const marker = join(dir, 'up');
    const abort = new AbortController();
    const force = new AbortController();
    const done = run({ command: 'bash', args: ['-c', `trap '' TERM; touch "${marker}"; while :; do sleep 1; done`], signal: abort.signal, forceSignal: force.signal, killGraceMs: 600_000 });
    await waitFor(() => existsSync(marker), 'the marker');
    abort.abort();
    force.abort();
    assert.equal((await done).kind, 'cancelled');
  });

  test(`(unit) runProcess [${via.name}]: what the leader leaves running in its group when it exits is killed`, { timeout: 60_000 }, async () => {
    const outcome = await run({ command: 'bash', args: ['-c', 'sleep 1000 >/dev/null 2>&1 & echo $!'], capture: true });
    assert.ok(outcome.kind === 'exited' && outcome.exitCode === 0, JSON.stringify(outcome));
    const pid = Number(outcome.stdout.trim());
    assert.ok(pid > 0);
    await waitFor(() => !alive(pid), `background ${pid} to be gone`);
  });

  test(`(unit) runProcess [${via.name}]: exit codes and signals are mapped`, async () => {
    assert.deepEqual(await run({ command: 'sh', args: ['-c', 'exit 3'] }), { kind: 'exited', exitCode: 3, stdout: '', stderr: '' });
    const killed = await run({ command: 'sh', args: ['-c', 'kill -TERM $$'] });
    assert.equal(killed.kind, 'signalled');
    assert.ok(killed.kind === 'signalled');
    assert.equal(killed.signal, 'SIGTERM');
    assert.equal(killed.exitCode, 143);
  });

  test(`(unit) runProcess [${via.name}]: a missing command is not-found with what to install`, async () => {
    const outcome = await run({ command: 'ansflow-no-such-tool', args: [], installHint: 'Install the no-such-tool package.' });
    assert.deepEqual(outcome, { kind: 'not-found', command: 'ansflow-no-such-tool', message: "'ansflow-no-such-tool' was not found", hint: 'Install the no-such-tool package.' });
    const generic = await run({ command: 'ansflow-no-such-tool', args: [] });
    assert.ok(generic.kind === 'not-found');
    assert.equal(generic.hint, 'Install ansflow-no-such-tool and put it on PATH.');
  });

  test(`(unit) runProcess [${via.name}]: an argument with a NUL character is refused, not split`, async () => {
    const outcome = await run({ command: 'sh', args: ['-c', 'echo a\0touch b'] });
    assert.deepEqual(outcome, { kind: 'start-failed', command: 'sh', message: "could not start 'sh': an argument contains a NUL character" });
  });

  test(`(unit) runProcess [${via.name}]: output reaches the hook whole, also characters split across writes`, async () => {
    const marker = join(tmp(), 'read');
    const chunks: string[] = [];
    // The child writes half of 'é', waits until the hook has seen that chunk, then writes the rest.
    const script = `printf 'a\\303'; while [ ! -e "${marker}" ]; do sleep 0.01; done; printf '\\251'`;
    const outcome = await run({
      command: 'sh',
      args: ['-c', script],
      capture: true,
      onOutput: (s, t) => {
        chunks.push(`${s}:${t}`);
        writeFileSync(marker, '');
      },
    });
    assert.ok(outcome.kind === 'exited');
    assert.deepEqual(chunks, ['stdout:a', 'stdout:é']);
    assert.equal(outcome.stdout, 'aé');
  });
}

test('(unit) fork helper: the C one when the build made it (under CI it must have), else Python (posix_spawn) when python3 is on PATH, Perl when asked for or without python3', nativeSkip(NATIVE), () => {
  assert.equal(nativeHelperPath(), NATIVE, 'the helper is found beside the sources as beside a bundle');
  if (isCI()) assert.ok(nativeHelperPath(), 'npm run build made the C helper');
  assert.equal(withHelperSetting(undefined, () => ForkHelper.shared()?.kind), 'native');
  assert.equal(withHelperSetting('python', () => ForkHelper.shared()?.kind), 'python');
  assert.equal(withHelperSetting('perl', () => ForkHelper.shared()?.kind), 'perl');
  assert.equal(withHelperSetting('0', () => ForkHelper.shared()), undefined);
  // A PATH with Perl and no python3.
  const perlOnly = tmp();
  symlinkSync(which('perl')!, join(perlOnly, 'perl'));
  const path = process.env.PATH;
  process.env.PATH = perlOnly;
  try {
    assert.equal(withHelperSetting('python', () => ForkHelper.shared()?.kind), 'perl');
  } finally {
    process.env.PATH = path;
  }
});

for (const helper of [undefined, 'python']) {
  test(`(unit) spawn helper (${helper ?? 'C'}): a step starts with SIGINT and SIGPIPE at their defaults although the helper ignores both, and blocks no signal`, helper ? {} : nativeSkip(NATIVE), async () => {
    const script = 'set -o pipefail; yes | head -1 >/dev/null; echo "pipe ${PIPESTATUS[0]}"; kill -INT $$; echo survived';
    const outcome = await withHelperSetting(helper, () => runProcess({ command: 'bash', args: ['-c', script], capture: true, preferForkHelper: true }));
    assert.ok(outcome.kind === 'signalled', JSON.stringify(outcome));
    assert.equal(outcome.signal, 'SIGINT');
    assert.equal(outcome.stdout, 'pipe 141\n');
    // What the step's process starts with, no shell in between: nothing blocked, nothing ignored but
    // glibc's two internal signals (32, 33: below SIGRTMIN, unseen by programs), which glibc's
    // posix_spawn leaves ignored whatever it is asked.
    const own = await withHelperSetting(helper, () => runProcess({ command: 'grep', args: ['-E', '^Sig(Blk|Ign)', '/proc/self/status'], capture: true, preferForkHelper: true }));
    const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*(\\w+)$`, 'm').exec(own.kind === 'exited' ? own.stdout : '')![1]}`);
    assert.equal(mask('SigBlk'), 0n);
    assert.equal(mask('SigIgn') & ~0x180000000n, 0n);
  });
}

test('(unit) spawn helper: a file with no #! line runs with the shell, as execvp does', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'noshebang'), 'echo "ran as $0"\n', { mode: 0o755 });
  for (const helper of [undefined, 'python', 'perl']) {
    const outcome = await withHelperSetting(helper, () => runProcess({ command: './noshebang', args: [], cwd: dir, capture: true, preferForkHelper: true }));
    assert.ok(outcome.kind === 'exited' && outcome.exitCode === 0, `${helper ?? 'default'}: ${JSON.stringify(outcome)}`);
    assert.match(outcome.stdout, /^ran as .*noshebang\n$/);
  }
});

test('(unit) runProcess: too much output stops the process group and says so', { timeout: 60_000 }, async () => {
  const dir = tmp();
  const pidFile = join(dir, 'pid');
  const script = `sleep 1000 & echo $! > "${pidFile}"; exec yes ansflow`;
  const outcome = await runProcess({ command: 'bash', args: ['-c', script], capture: true, outputLimitBytes: 256 * 1024, killGraceMs: 200 });
  assert.equal(outcome.kind, 'output-limit');
  assert.ok(outcome.kind === 'output-limit');
  assert.match(outcome.message, /'bash' wrote more than 262144 bytes of output and was stopped/);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  await waitFor(() => !alive(pid), `background ${pid} to be gone`);
});

test('(unit) runProcess: input goes to stdin; extra pipes are handed over', async () => {
  const echoed = await runProcess({ command: 'cat', args: [], input: 'to stdin', capture: true });
  assert.equal(echoed.kind === 'exited' && echoed.stdout, 'to stdin');
  let fd3 = '';
  const outcome = await runProcess({
    command: 'sh',
    args: ['-c', 'echo events >&3'],
    extraPipes: 1,
    onStart: ({ pipes }) => pipes[0]!.setEncoding('utf8').on('data', (d: string) => (fd3 += d)),
  });
  assert.equal(outcome.kind, 'exited');
  assert.equal(fd3, 'events\n');
});

test('(unit) runProcess: a missing working directory is named, not reported as a missing tool', async () => {
  const outcome = await runProcess({ command: 'sh', args: ['-c', 'true'], cwd: '/nonexistent/ansflow-dir' });
  assert.deepEqual(outcome, { kind: 'start-failed', command: 'sh', message: "could not start 'sh': working directory '/nonexistent/ansflow-dir' does not exist" });
});

test('(unit) runProcess: cancelled before the start runs nothing', async () => {
  const dir = tmp();
  const abort = new AbortController();
  abort.abort('stop');
  const outcome = await runProcess({ command: 'touch', args: [join(dir, 'ran')], signal: abort.signal });
  assert.deepEqual(outcome, { kind: 'cancelled', reason: 'stop' });
  assert.equal(existsSync(join(dir, 'ran')), false);
});

test('(unit) runToolCommand: parse gets the output; a missing tool is a ToolError carrying the hint', async () => {
  const n = await runToolCommand({ command: 'sh', args: ['-c', 'echo 41; exit 2'], parse: (out, _err, code) => Number(out) + code - 1 });
  assert.equal(n, 42);
  await assert.rejects(
    runToolCommand({ command: 'ansflow-no-such-tool', args: [], parse: () => 0 }, { installHint: 'Install it.' }),
    (e: unknown) => e instanceof ToolError && e.code === 'tool-not-found' && e.hint === 'Install it.',
  );
});
