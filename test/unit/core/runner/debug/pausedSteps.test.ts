// The held steps a DAP session publishes for its pipeline file (what the graph editor draws paused),
// over the real runner and real shell steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DapSession } from '../../../../../src/core/runner/debug/dap/DapSession.js';
import { PausedSteps } from '../../../../../src/core/runner/debug/pausedSteps.js';
import type { DapMessage } from '../../../../../src/core/runner/debug/dap/dapMessages.js';

const TEXT = ['version: 1', 'steps:', '  a:', '    type: shell', '    with: { run: "true" }', '  b:', '    type: shell', '    needs: a', '    with: { run: "true" }', ''].join('\n');

function setup(paused: PausedSteps) {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-paused-'));
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, TEXT);
  const log: DapMessage[] = [];
  let wake = () => {};
  const session = new DapSession(
    (m) => {
      log.push(m);
      wake();
    },
    () => ({ workspace: ws }),
    undefined,
    undefined,
    paused,
  );
  let seq = 1;
  const req = (command: string, args?: Record<string, unknown>) => session.handle({ seq: seq++, type: 'request', command, arguments: args });
  /** Waits until the file's paused steps are `ids` (each change re-checks). */
  const pausedBecomes = (ids: string[]) =>
    new Promise<void>((done) => {
      const check = () => {
        if (JSON.stringify(paused.pausedIn(resolve(file))) !== JSON.stringify(ids)) return false;
        sub.dispose();
        done();
        return true;
      };
      const sub = paused.onDidChange(() => check());
      check();
    });
  const threadOfStop = async (from: number) => {
    for (;;) {
      const m = log.slice(from).find((x) => x.type === 'event' && x.event === 'stopped');
      if (m) return (m as { body: { threadId: number } }).body.threadId;
      await new Promise<void>((r) => (wake = r));
    }
  };
  return { file, session, req, pausedBecomes, threadOfStop, count: () => log.length };
}

test('(unit) paused steps: a DAP session publishes the step it holds for its file; step over moves it, continue clears it', async () => {
  const paused = new PausedSteps();
  const { file, session, req, pausedBecomes, threadOfStop, count } = setup(paused);
  const changes: string[] = [];
  paused.onDidChange((f) => changes.push(f));
  await req('initialize');
  await req('launch', { pipeline: file, stopOnEntry: true });
  await req('configurationDone');
  await pausedBecomes(['a']);
  const from = count();
  await req('next', { threadId: await threadOfStop(0) });
  await pausedBecomes(['b']);
  assert.ok((await threadOfStop(from)) > 0);
  await req('continue');
  await pausedBecomes([]);
  assert.equal((await session.run!.done).status, 'success');
  assert.ok(changes.length >= 3 && changes.every((f) => f === resolve(file)));
  assert.deepEqual(paused.pausedIn(join(file, '..', 'other.ansflow.yaml')), []);
});

test('(unit) paused steps: stopping the session (its owner going away) clears what it held', async () => {
  const paused = new PausedSteps();
  const { file, session, req, pausedBecomes } = setup(paused);
  await req('initialize');
  await req('launch', { pipeline: file, stopOnEntry: true });
  await req('configurationDone');
  await pausedBecomes(['a']);
  session.cancel('debug session ended');
  await pausedBecomes([]);
  assert.equal((await session.run!.done).status, 'cancelled');
});

test('(unit) paused steps: two sessions on one file are merged; each one clears only its own', async () => {
  const paused = new PausedSteps();
  const one = setup(paused);
  const two = setup(paused);
  // Same file for both: the second launches the first's pipeline.
  for (const s of [one, two]) {
    await s.req('initialize');
    await s.req('launch', { pipeline: one.file, stopOnEntry: true });
    await s.req('configurationDone');
  }
  // Both hold a.
  await one.threadOfStop(0);
  await two.threadOfStop(0);
  assert.deepEqual(paused.pausedIn(resolve(one.file)), ['a']);
  one.session.cancel('first one stops');
  await one.session.run!.done;
  assert.deepEqual(paused.pausedIn(resolve(one.file)), ['a']);
  two.session.cancel('second one stops');
  await one.pausedBecomes([]);
});
