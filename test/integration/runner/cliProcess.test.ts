// The `ansflow` CLI as a real process: Ctrl-C handling and crash safety of the run store.
// No engine needed beyond the local machine (bash, Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunHistory, RunStore } from '../../../src/core/runner/index.js';
import type { RunEvent } from '../../../src/core/contracts/events.js';

const ROOT = resolve(__dirname, '../../..');

function cli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return Object.assign(child, { output: () => out });
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => c.on('exit', (code) => r(code)));

test('(integration) ansflow run: Ctrl-C cancels gracefully (exit 130), runs finally, leaves no process behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-sigint-'));
  const pids = join(dir, 'pids');
  writeFileSync(
    join(dir, 'p.ansflow.yaml'),
    `version: 1
name: sigint
steps:
  work:
    type: shell
    with:
      run: |
        for i in $(seq 1 20); do sleep 300 & echo $! >> "${pids}"; done
        echo ready
        wait
finally:
  cleanup:
    type: shell
    with:
      run: echo "cleanup after $ANSFLOW_RUN_ID"
`,
  );
  const c = cli(['run', join(dir, 'p.ansflow.yaml'), '--store', join(dir, 'runs'), '--kill-grace', '500']);
  const done = exited(c);
  await until(() => c.output().includes('ready'));
  c.kill('SIGINT');
  const code = await done;
  assert.equal(code, 130, c.output());
  assert.match(c.output(), /cleanup\s+│ cleanup after/);
  assert.match(c.output(), /CANCELLED/);
  const list = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
  assert.equal(list.length, 20);
  await until(() => list.every((p) => !alive(p)), 5000);
});

test('(integration) run store: kill -9 of the runner loses no record a consumer had seen; history still reads; its steps do not outlive it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kill9-'));
  const eventsFile = join(dir, 'events.jsonl');
  const steps = Array.from({ length: 8 }, (_, i) => `  s${i}:\n    type: shell\n${i ? `    needs: s${i - 1}\n` : ''}    with:\n      run: |\n        echo "step ${i} line one"\n        echo "v=${i}" >> "$ANSFLOW_OUTPUT"\n        sleep 0.2\n`).join('');
  const bgPids = join(dir, 'bg-pids');
  const bg = `  bg:\n    type: shell\n    with:\n      run: |\n        sleep 300 & echo $! >> "${bgPids}"\n        wait\n`;
  writeFileSync(join(dir, 'k.ansflow.yaml'), `version: 1\nname: kill9\nsteps:\n${steps}${bg}`);
  const storeDir = join(dir, 'runs');
  const c = cli(['run', join(dir, 'k.ansflow.yaml'), '--store', storeDir, '--events', eventsFile]);
  const done = exited(c);
  // Wait until a few steps have been reported to the --events consumer, then kill -9.
  await until(() => existsSync(eventsFile) && (readFileSync(eventsFile, 'utf8').match(/"step-end"/g) ?? []).length >= 3);
  c.kill('SIGKILL');
  await done;
  const seen = readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as RunEvent];
      } catch {
        return [];
      }
    });
  const runId = seen[0]!.runId;
  const store = new RunStore({ root: storeDir });
  const history = new RunHistory(store);
  const { records } = history.readRecords(runId);
  const key = (e: RunEvent) => JSON.stringify(e);
  const stored = new Set(records.map((r) => key(r as RunEvent)));
  for (const e of seen) {
    if (e.type === 'step-log') continue;
    assert.ok(stored.has(key(e)), `event reported but not stored: ${key(e)}`);
  }
  // Every log line a consumer saw is in the step's log file.
  for (const e of seen) if (e.type === 'step-log') assert.ok(history.readLog(runId, e.step)!.includes(e.text));
  const run = history.getRun(runId)!;
  assert.equal(run.interrupted, true);
  assert.equal(run.status, 'interrupted'); // item 8 of issue 11: a run whose writer died reads as interrupted
  assert.deepEqual(run.steps.find((s) => s.step === 's0')!.outputs, { v: '0' });
  // With the fork helper, its processes die with the runner: the helper sees its stdin close and
  // kills every job's process group.
  if (process.env.ANSFLOW_FORK_HELPER !== '0') {
    const orphan = Number(readFileSync(bgPids, 'utf8').trim());
    await until(() => !alive(orphan), 5000);
  }
  // The CLI lists the interrupted run.
  const h = cli(['history', '--store', storeDir]);
  assert.equal(await exited(h), 0);
  assert.match(h.output(), new RegExp(`${runId} +kill9 +interrupted `));
});
