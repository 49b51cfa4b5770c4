// `ansflow run --target` runs the named steps plus what they need and nothing else; `--only` runs
// one step alone, taking what it needs from the latest recorded run of the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

// Each step leaves a marker file, so what ran is read from the disk, not from our own output.
const TASKS = `version: 1
steps:
  deps:
    type: shell
    outputs: { stamp: when deps ran }
    with: { run: 'touch ran-deps; echo "stamp=$RANDOM$RANDOM" >> "$ANSFLOW_OUTPUT"' }
  build:
    type: shell
    needs: deps
    with: { run: 'touch ran-build; echo "\${{ steps.deps.outputs.stamp }}" > build-saw' }
  lint:
    type: shell
    with: { run: touch ran-lint }
  test:
    type: shell
    needs: [build]
    with: { run: touch ran-test }
finally:
  clean:
    type: shell
    with: { run: touch ran-clean }
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-targets-'));
  writeFileSync(join(dir, 'tasks.ansflow.yaml'), TASKS);
  const ran = () => ['deps', 'build', 'lint', 'test', 'clean'].filter((s) => existsSync(join(dir, `ran-${s}`)));
  const reset = () => ['deps', 'build', 'lint', 'test', 'clean'].forEach((s) => rmSync(join(dir, `ran-${s}`), { force: true }));
  const run = async (...args: string[]) => {
    const io = memoryIO(dir, { PATH: process.env.PATH });
    const code = await runCli(['run', 'tasks.ansflow.yaml', ...args], io);
    return { code, err: io.err(), out: io.out() };
  };
  return { dir, ran, reset, run };
}

test('(unit) run --target: the target and everything it needs, nothing else', async () => {
  const { ran, run } = setup();
  const r = await run('--target', 'build');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(ran(), ['deps', 'build']);
});

test('(unit) run --target: several targets; an unknown one is a usage error that runs nothing', async () => {
  const { ran, run, reset } = setup();
  assert.equal((await run('--target', 'lint', '--target', 'build')).code, 0);
  assert.deepEqual(ran(), ['deps', 'build', 'lint']);
  reset();
  const bad = await run('--target', 'tset');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no step or job 'tset' in this pipeline \(did you mean 'test'\?\)/);
  assert.deepEqual(ran(), []);
});

test('(unit) run --only: runs the step alone with the outputs of its needs from the latest run', async () => {
  const { dir, ran, run, reset } = setup();
  const first = await run('--only', 'test');
  assert.equal(first.code, 2, 'no earlier run: refused');
  assert.match(first.err, /--only test: no recorded run of this file.*--target test/);
  assert.deepEqual(ran(), []);

  assert.equal((await run()).code, 0);
  const stamp = readFileSync(join(dir, 'build-saw'), 'utf8');
  reset();
  rmSync(join(dir, 'build-saw'));
  const only = await run('--only', 'build');
  assert.equal(only.code, 0, only.err);
  assert.deepEqual(ran(), ['build']);
  assert.equal(readFileSync(join(dir, 'build-saw'), 'utf8'), stamp, 'build read the recorded output of deps');
  assert.equal((await run('--only', 'build', '--target', 'lint')).code, 2);
  // The latest run is now one without deps: --only build has nothing to take deps' outputs from.
  assert.equal((await run('--target', 'lint')).code, 0);
  reset();
  const stale = await run('--only', 'build');
  assert.equal(stale.code, 2);
  assert.match(stale.err, /has no successful 'deps'; run it with --target build/);
  assert.deepEqual(ran(), []);
});

test('(unit) run --only: a job name or a finally step is a usage error that runs and records nothing (--only takes one step)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-only-job-'));
  writeFileSync(join(dir, 'jobs.ansflow.yaml'), `version: 1
jobs:
  check:
    steps:
      unit:
        type: shell
        with: { run: touch ran-unit }
finally:
  tidy:
    type: shell
    with: { run: touch ran-tidy }
`);
  const run = async (...args: string[]) => {
    const io = memoryIO(dir, { PATH: process.env.PATH });
    return { code: await runCli(['run', 'jobs.ansflow.yaml', ...args], io), err: io.err() };
  };
  assert.equal((await run()).code, 0);
  rmSync(join(dir, 'ran-unit'));
  rmSync(join(dir, 'ran-tidy'));
  const job = await run('--only', 'check');
  assert.equal(job.code, 2, job.err);
  assert.match(job.err, /--only: 'check' is a job; --only runs one step \(--target check runs the job and what it needs\)/);
  const tidy = await run('--only', 'tidy');
  assert.equal(tidy.code, 2, tidy.err);
  assert.match(tidy.err, /--only: 'tidy' is a finally step; --only runs a step of steps or jobs/);
  assert.ok(!existsSync(join(dir, 'ran-unit')) && !existsSync(join(dir, 'ran-tidy')));
  const history = memoryIO(dir);
  assert.equal(await runCli(['history', '--format', 'json'], history), 0, history.err());
  assert.equal((JSON.parse(history.out()) as unknown[]).length, 1, 'only the first run is recorded');
});
