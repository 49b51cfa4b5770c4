// `ansflow run` writes its live output once per event-loop turn, in order, and still waits for a full
// stream to drain before taking more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TurnWriter } from '../../../../src/cli/output/TurnWriter.js';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';

/** A stream that records each write call, and says it is full when `room` runs out (until drained). */
function recorder(room = Infinity): Writable & { calls: string[]; drainNow(): void } {
  const calls: string[] = [];
  let left = room;
  const w = new Writable({ highWaterMark: 1, write: (_chunk, _enc, done) => done() }) as Writable & { calls: string[]; drainNow(): void };
  w.calls = calls;
  w.write = ((chunk: string) => {
    calls.push(String(chunk));
    left -= 1;
    return left > 0;
  }) as typeof w.write;
  w.drainNow = () => {
    left = room;
    w.emit('drain');
  };
  return w;
}

const turn = () => new Promise((r) => setImmediate(r));

test('(unit) TurnWriter: the lines of one turn go out in one write, in order, and the next turn in another', async () => {
  const out = recorder();
  const w = new TurnWriter(out);
  assert.equal(w.write('a\n'), undefined);
  w.write('');
  w.write('b\n');
  w.write('c\n');
  assert.deepStrictEqual(out.calls, []);
  await turn();
  assert.deepStrictEqual(out.calls, ['a\nb\nc\n']);
  w.write('d\n');
  await w.flush();
  assert.deepStrictEqual(out.calls, ['a\nb\nc\n', 'd\n']);
  await turn();
  assert.equal(out.calls.length, 2, 'a flush leaves nothing for the scheduled turn');
});

test('(unit) TurnWriter: while the stream is full, write hands back the wait for its drain', async () => {
  const out = recorder(1);
  const w = new TurnWriter(out);
  w.write('x\n');
  await turn();
  const wait = w.write('y\n');
  assert.ok(wait instanceof Promise, 'a full stream is waited for');
  let drained = false;
  void wait.then(() => (drained = true));
  await turn();
  assert.equal(drained, false);
  out.drainNow();
  await wait;
  assert.equal(w.write('z\n'), undefined);
  assert.deepStrictEqual(out.calls, ['x\n', 'y\n']);
  // The stream (room for one write) is full again after it: flush's promise waits for the next drain.
  const flushed = w.flush();
  assert.deepStrictEqual(out.calls, ['x\n', 'y\n', 'z\n']);
  out.drainNow();
  await flushed;
});

test('(unit) ansflow run: the live output of 30 steps takes fewer writes than lines, and reads as before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-turn-'));
  const steps = Array.from({ length: 30 }, (_, i) => `  s${i}:\n    type: shell\n    with: { run: 'echo out${i}' }\n`).join('');
  writeFileSync(join(dir, 'p.ansflow.yaml'), `version: 1\nsteps:\n${steps}`);
  const io = memoryIO(dir, { PATH: process.env.PATH, ANSFLOW_STORE: join(dir, 'runs') });
  let writes = 0;
  const write = io.stdout.write.bind(io.stdout);
  io.stdout.write = ((chunk: string, ...rest: never[]) => {
    writes++;
    return write(chunk, ...rest);
  }) as typeof io.stdout.write;
  const code = await runCli(['run', 'p.ansflow.yaml', '-j', '4', '--color', 'never'], io);
  const out = io.out();
  assert.equal(code, 0, io.err());
  const lines = out.split('\n').filter(Boolean);
  for (let i = 0; i < 30; i++) {
    const start = lines.findIndex((l) => l.startsWith(`s${i} `) && l.includes('start'));
    const printed = lines.findIndex((l) => l.startsWith(`s${i} `) && l.includes(`out${i}`));
    const end = lines.findIndex((l) => l.startsWith(`s${i} `) && l.includes('success'));
    assert.ok(start >= 0 && start < printed && printed < end, `s${i}: start ${start}, output ${printed}, end ${end}\n${out}`);
  }
  assert.match(lines.at(-1)!, /^SUCCESS/);
  // The live part (a start, an output and an end line per step) before the summary, which is one write.
  const live = lines.filter((l) => /^s\d+ +│/.test(l)).length;
  assert.equal(live, 90);
  assert.ok(writes - 1 <= live / 2, `${writes - 1} writes for ${live} live lines`);
});
