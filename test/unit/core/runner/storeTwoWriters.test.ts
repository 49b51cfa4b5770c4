// Two processes writing one run store at once (the CLI and the editor): retention must leave a run
// whose writer is still alive, and an index rewrite (retention, delete) must not lose a line the
// other process appended while it was rewriting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunStore } from '../../../../src/core/runner/store/RunStore.js';

const CHILD = resolve('test/unit/core/runner/helpers/storeWriterChild.ts');

function child(root: string, mode: 'hold' | 'append', prefix: string, count = 0): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, root, mode, prefix, String(count)], { stdio: 'pipe' });
}

/** Resolves once the child printed `line` (rejects if it exits first). */
function printed(c: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').includes(line)) resolve();
    });
    c.on('exit', (code) => reject(new Error(`child exited (${code}) before printing '${line}': ${err}`)));
  });
}

function finishedRun(store: RunStore, runId: string, time: number): void {
  const w = store.beginRun({ type: 'run-start', runId, time, pipeline: 'p', params: {}, trigger: 'test', steps: ['a'] });
  w.record({ type: 'run-end', runId, time: time + 1, status: 'success', durationMs: 1 });
  w.close();
}

test('(unit) run store, two writers: retention never deletes a run whose writer process is alive', async (t) => {
  const root = join(mkdtempSync(join(tmpdir(), 'ansflow-store2-')), 'runs');
  const store = new RunStore({ root, maxRuns: 2 });
  // An unfinished run whose writer is gone (killed): retention may delete it like any finished run.
  const dead = store.beginRun({ type: 'run-start', runId: 'dead', time: 0, pipeline: 'p', params: {}, trigger: 'test', steps: ['a'] });
  dead.close();
  writeFileSync(store.indexPath, readFileSync(store.indexPath, 'utf8').replace(/"pid":\d+/, '"pid":999999999'));

  const holder = child(root, 'hold', 'cli');
  t.after(() => holder.kill('SIGKILL'));
  await printed(holder, 'started');
  // The in-process writer starts more runs than it keeps; the other process's run is the oldest.
  for (let i = 0; i < 4; i++) finishedRun(store, `ed-${i}`, 10 + i);
  const listed = () => store.readIndex().map((e) => e.runId);
  assert.ok(existsSync(store.runDir('cli-live')), 'the live run folder was deleted');
  assert.ok(listed().includes('cli-live'), `the live run left the index: ${listed().join(',')}`);
  assert.ok(!existsSync(store.runDir('dead')) && !listed().includes('dead'), 'a run whose writer died is still kept');
  assert.ok(!existsSync(store.runDir('ed-0')), 'retention no longer deletes the oldest finished runs');

  // Once it ends, it is an old finished run like any other.
  const ended = printed(holder, 'ended');
  holder.stdin.end();
  await ended;
  assert.equal(store.readIndex().find((e) => e.runId === 'cli-live')?.status, 'success');
  finishedRun(store, 'ed-4', 20);
  assert.ok(!existsSync(store.runDir('cli-live')) && !listed().includes('cli-live'), 'a finished run is kept past retention');
});

test('(unit) run store, two writers: an index rewrite loses no line the other process appended meanwhile', async (t) => {
  const root = join(mkdtempSync(join(tmpdir(), 'ansflow-store2-')), 'runs');
  const store = new RunStore({ root, maxRuns: 100_000 });
  const COUNT = 300;
  const appender = child(root, 'append', 'cli', COUNT);
  t.after(() => appender.kill('SIGKILL'));
  let done = false;
  const finished = printed(appender, 'done').then(() => (done = true));
  finished.catch(() => undefined);
  // Keep rewriting the index (one run in, one delete = one rewrite) for as long as the other process appends.
  let overlapping = 0;
  for (let i = 0; !done; i++) {
    finishedRun(store, `ed-${i}`, 10 + i);
    if (store.readIndex().some((e) => e.runId.startsWith('cli-'))) overlapping++;
    store.deleteRun(`ed-${i}`);
    await new Promise((r) => setImmediate(r));
  }
  await finished;
  assert.ok(overlapping > 0, 'the two writers never overlapped: the test proved nothing');
  const index = store.readIndex();
  const ours = index.filter((e) => e.runId.startsWith('cli-'));
  const missing = Array.from({ length: COUNT }, (_, i) => `cli-${i}`).filter((id) => !ours.some((e) => e.runId === id && e.status === 'success' && e.pipeline === 'p'));
  assert.deepEqual(missing, [], `${missing.length} runs lost a start or end line (${overlapping} rewrites overlapped the appends)`);
  assert.deepEqual(index.filter((e) => e.runId.startsWith('ed-')).map((e) => e.runId), [], 'a deleted run came back');
});
