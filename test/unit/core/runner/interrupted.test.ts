// Issue 11 item 8: after the runner process is killed with SIGKILL, the steps it was running read
// back as `interrupted` (not `running` forever), and so does the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RunHistory, RunStore } from '../../../../src/core/runner/index.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';

const MAIN = resolve(__dirname, '../../../../src/cli/main.ts');
// The child runs in a temp folder, where a bare `tsx` would not resolve.
const TSX = pathToFileURL(resolve(__dirname, '../../../../node_modules/tsx/dist/loader.mjs')).href;

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

test('(unit) a CLI run killed with SIGKILL mid-step reads back as interrupted, run and step', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kill9-'));
  writeFileSync(
    join(dir, 'p.ansflow.yaml'),
    `version: 1
name: killed
steps:
  quick:
    type: shell
    with:
      run: echo done
  long:
    type: shell
    needs: quick
    with:
      run: |
        echo $$ > long.pid
        exec sleep 60
`,
  );
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'run', 'p.ansflow.yaml'], { cwd: dir, stdio: 'ignore', env: { ...process.env, ANSFLOW_FORK_HELPER: '0' } });
  const pidFile = join(dir, 'long.pid');
  try {
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the long step to start');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  } finally {
    killQuietly(child.pid!);
    if (existsSync(pidFile)) killQuietly(Number(readFileSync(pidFile, 'utf8')));
  }

  const history = new RunHistory(new RunStore({ root: join(dir, '.ansflow', 'runs') }));
  const listed = history.listRuns();
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.status, 'interrupted');
  const run = history.getRun(listed[0]!.runId)!;
  assert.equal(run.status, 'interrupted');
  assert.equal(run.steps.find((s) => s.step === 'quick')!.status, 'success');
  const long = run.steps.find((s) => s.step === 'long')!;
  assert.equal(long.status, 'interrupted');
  assert.equal(long.attempts.at(-1)!.status, 'interrupted');
  assert.match(long.reason ?? '', /runner process/);

  const io = memoryIO(dir);
  assert.equal(await runCli(['history', 'latest'], io), 0);
  assert.match(io.out(), /^long\s+interrupted/m);
  assert.ok(!/running/.test(io.out()), io.out());
  assert.match(io.out(), /· interrupted ·/);
  const list = memoryIO(dir);
  assert.equal(await runCli(['history'], list), 0);
  assert.match(list.out(), /killed\s+interrupted\s/);
  assert.ok(!list.out().includes('(interrupted)'), list.out());
});

test('(unit) a run whose recorded pid now belongs to another process (pid reused) reads as interrupted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-pidreuse-'));
  const store = new RunStore({ root: join(dir, 'runs') });
  const w = store.beginRun({ type: 'run-start', runId: 'r1', time: Date.now(), pipeline: 'p', params: {}, trigger: 't', steps: ['a'] });
  w.record({ type: 'step-start', runId: 'r1', time: Date.now(), step: 'a', stepId: 'a', attempt: 1, executor: 'local' });
  w.close();
  const history = new RunHistory(store);
  // Written by this (live) process: still running.
  assert.equal(history.getRun('r1')!.steps[0]!.status, 'running');
  // The same pid, started at another time: a different process that reuses the number.
  const idx = readFileSync(store.indexPath, 'utf8').replace(/"pidStart":"[^"]*"/, '"pidStart":"1"');
  assert.notEqual(idx, readFileSync(store.indexPath, 'utf8'), 'the index records the writer’s start time');
  writeFileSync(store.indexPath, idx);
  assert.equal(history.getRun('r1')!.steps[0]!.status, 'interrupted');
  assert.equal(history.listRuns()[0]!.status, 'interrupted');
});
