// (unit) The merged view's ring buffer, time-window merge, back-pressure and reconnect dedupe, with
// in-memory sources and a hand-driven clock (flush(now)) so nothing waits on time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogRing } from '../../../../src/core/logs/LogRing.js';
import { LogMerger } from '../../../../src/core/logs/LogMerger.js';
import { reconnectingLines } from '../../../../src/core/logs/reconnectingLines.js';
import type { LogLine, RawLogLine } from '../../../../src/core/logs/logLine.js';
import type { LogSource, LogSourceContext, LogSourceState } from '../../../../src/core/logs/logSource.js';
import { CancellationError } from '../../../../src/core/contracts/result.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const stamp = (ms: number) => new Date(T0 + ms).toISOString();
const raw = (ms: number, text: string): RawLogLine => ({ ts: stamp(ms), t: T0 + ms, text });
const line = (seq: number): LogLine => ({ seq, source: 's', ts: '', t: seq, text: `l${seq}` });

/** Resolves once `cond` holds, checking after each turn of the event loop. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`never: ${what}`);
}

/** A source fed by the test; counts how many lines the merger pulled from it. */
function pushSource(id: string): LogSource & { feed(l: RawLogLine): void; end(): void; pulled: number } {
  const waiting: RawLogLine[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const src = {
    id,
    label: id,
    pulled: 0,
    feed(l: RawLogLine) {
      waiting.push(l);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async *lines(ctx: LogSourceContext) {
      for (;;) {
        if (waiting.length > 0) {
          src.pulled++;
          yield waiting.shift()!;
          continue;
        }
        if (ended || ctx.signal.aborted) return;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
  return src;
}

test('(unit) logs: the ring keeps the last N lines, reads after a seq, and counts unread lines it overwrites as dropped', () => {
  const ring = new LogRing(3);
  for (let s = 1; s <= 3; s++) ring.push(line(s));
  assert.deepEqual(ring.all().map((l) => l.seq), [1, 2, 3]);
  ring.markRead(2);
  ring.push(line(4)); // overwrites 1, already read
  assert.equal(ring.dropped, 0);
  ring.push(line(5)); // overwrites 2, read
  ring.push(line(6)); // overwrites 3, unread
  assert.equal(ring.dropped, 1);
  assert.deepEqual(ring.all().map((l) => l.seq), [4, 5, 6]);
  const r = ring.readAfter(2);
  assert.deepEqual(r.lines.map((l) => l.seq), [4, 5, 6]);
  assert.equal(r.missed, 1, 'line 3 was gone before this reader came');
  assert.deepEqual(ring.readAfter(4, 1).lines.map((l) => l.seq), [5]);
  assert.equal(ring.unread, 3);
  ring.markRead(6);
  assert.equal(ring.unread, 0);
  assert.throws(() => new LogRing(0), RangeError);
});

test('(unit) logs: lines of several sources come out in timestamp order once their window has passed, tagged and levelled', async () => {
  let now = 0;
  const m = new LogMerger({ autoFlush: false, windowMs: 100, now: () => now });
  const a = pushSource('a');
  const b = pushSource('b');
  m.add(a);
  m.add(b);
  a.feed(raw(10, 'a1'));
  a.feed(raw(30, 'ERROR a2'));
  await until(() => m.stats().received === 2, 'a received');
  now = 50;
  b.feed(raw(20, 'b1')); // stamped before a2, arrives later: the window puts it in between
  b.feed(raw(40, 'b2'));
  await until(() => m.stats().received === 4, 'b received');
  assert.equal(m.flush(now), 0, 'nothing leaves before its window');
  now = 100;
  assert.equal(m.flush(now), 3, 'a1, b1 and a2: a2 is the newest line whose window passed');
  now = 150;
  m.flush(now);
  const out = m.ring.all();
  assert.deepEqual(out.map((l) => `${l.source}:${l.text}`), ['a:a1', 'b:b1', 'a:ERROR a2', 'b:b2']);
  assert.deepEqual(out.map((l) => l.seq), [1, 2, 3, 4]);
  assert.equal(out[2].level, 'error');
  assert.equal(out[1].ts, stamp(20));
  m.dispose();
});

test('(unit) logs: back-pressure: a full source queue stops pulling from the source, and so does a ring full of unread lines', async () => {
  let now = 0;
  const m = new LogMerger({ autoFlush: false, windowMs: 0, maxQueuedPerSource: 5, bufferLines: 8, now: () => now });
  const a = pushSource('a');
  m.add(a);
  for (let i = 0; i < 100; i++) a.feed(raw(i, `l${i}`));
  await until(() => m.stats().paused === 1, 'the pump waits');
  assert.equal(a.pulled, 5, 'pulled only as many lines as the queue holds');
  now = 1;
  m.flush(now);
  await until(() => m.stats().paused === 1 && a.pulled === 10, 'refilled after a flush');
  m.flush(now);
  assert.equal(m.ring.unread, 8, 'the ring takes only what the reader has room for');
  await until(() => m.stats().paused === 1, 'paused again');
  const pulledWhileFull = a.pulled;
  assert.equal(m.flush(now), 0, 'nothing more is merged while the reader lags a full ring');
  await new Promise((r) => setImmediate(r));
  assert.equal(a.pulled, pulledWhileFull, 'and nothing more is read from the source');
  assert.equal(m.ring.dropped, 0);
  m.markRead(m.ring.readAfter(0).lines.at(-1)!.seq);
  m.flush(now);
  await until(() => a.pulled > pulledWhileFull, 'reading resumes once the reader caught up');
  m.dispose();
});

test('(unit) logs: in overwrite mode a lagging reader loses lines, counted as dropped', async () => {
  let now = 0;
  const m = new LogMerger({ autoFlush: false, windowMs: 0, bufferLines: 10, whenLagging: 'overwrite', now: () => now });
  const a = pushSource('a');
  m.add(a);
  for (let i = 0; i < 25; i++) a.feed(raw(i, `l${i}`));
  await until(() => m.stats().received === 25, 'all pulled');
  now = 1;
  assert.equal(m.flush(now), 25);
  assert.equal(m.ring.dropped, 15);
  assert.deepEqual(m.ring.all().map((l) => l.text), Array.from({ length: 10 }, (_, i) => `l${i + 15}`));
  assert.equal(m.stats().dropped, 15);
  m.dispose();
});

test('(unit) logs: removing or ending a source marks it ended; a failing one shows its message; lines already read stay', async () => {
  let now = 0;
  const m = new LogMerger({ autoFlush: false, windowMs: 0, now: () => now });
  const a = pushSource('a');
  const b = pushSource('b');
  m.add(a);
  m.add(b);
  m.add({ id: 'c', label: 'c', lines: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('403 forbidden')) }) }) });
  a.feed(raw(1, 'a1'));
  await until(() => m.stats().received === 1, 'a1');
  a.end();
  m.remove('b');
  await until(() => m.sources().every((s) => s.state !== 'following'), 'all settled');
  const st = Object.fromEntries(m.sources().map((s) => [s.id, s]));
  assert.equal(st.a.state, 'ended');
  assert.equal(st.b.state, 'ended');
  assert.equal(st.c.state, 'failed');
  assert.equal(st.c.detail, '403 forbidden');
  now = 1;
  m.flush(now);
  assert.deepEqual(m.ring.all().map((l) => l.text), ['a1']);
  m.dispose();
});

test('(unit) logs: a source whose stream is cancelled shows ended, not failed (removed: its abort error; or a cancellation of its own)', async () => {
  const m = new LogMerger({ autoFlush: false, windowMs: 0 });
  // Rejects the way fetch does once its signal aborts.
  const abortable: LogSource = {
    id: 'aborted',
    label: 'aborted',
    lines: (ctx) => ({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<RawLogLine>>((_, reject) => ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })))),
      }),
    }),
  };
  const cancelled: LogSource = { id: 'cancelled', label: 'cancelled', lines: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new CancellationError()) }) }) };
  m.add(abortable);
  m.add(cancelled);
  m.remove('aborted');
  // Let both pumps reach their catch.
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  const st = Object.fromEntries(m.sources().map((s) => [s.id, s]));
  assert.deepEqual([st.aborted.state, st.aborted.detail], ['ended', undefined]);
  assert.deepEqual([st.cancelled.state, st.cancelled.detail], ['ended', undefined]);
  m.dispose();
});

test('(unit) logs: a dropped stream reopens from the last second and the overlap is skipped, identical lines at the same stamp counted', async () => {
  // The "API": a log with two identical lines at one stamp; the stream drops after line 3 twice.
  const log = [raw(100, 'one'), raw(1050, 'one and a half'), raw(1200, 'two'), raw(1200, 'two'), raw(1500, 'three'), raw(2100, 'four'), raw(2100, 'five')];
  const fmt = (l: RawLogLine) => `${l.ts} ${l.text}`;
  const opens: (number | undefined)[] = [];
  const cuts = [3, 1];
  const states: LogSourceState[] = [];
  const ctx: LogSourceContext = { signal: new AbortController().signal, status: (s) => states.push(s) };
  async function* open(since: number | undefined) {
    opens.push(since);
    const from = since === undefined ? 0 : log.findIndex((l) => l.t >= Math.floor(since / 1000) * 1000);
    const cut = cuts.shift();
    let n = 0;
    for (const l of log.slice(from)) {
      if (cut !== undefined && n++ === cut) throw new Error('socket hang up');
      yield fmt(l);
    }
  }
  const got: string[] = [];
  for await (const l of reconnectingLines({ open, stillRunning: async () => opens.length < 4, sleep: async () => {} }, ctx)) got.push(l.text);
  // Opened four times (two drops, then a clean end while "running"), yet each line once.
  assert.equal(opens.length, 4);
  assert.deepEqual(got, ['one', 'one and a half', 'two', 'two', 'three', 'four', 'five']);
  assert.equal(opens[0], undefined);
  assert.equal(opens[1], T0 + 1200, 'reopened from the last line seen');
  assert.ok(states.indexOf('following', states.indexOf('reconnecting')) > 0, 'back to following once lines flow again');
});

test('(unit) logs: a stream that keeps failing gives up after maxFailures; a clean end with the container gone just ends', async () => {
  const ctx: LogSourceContext = { signal: new AbortController().signal, status: () => {} };
  let opens = 0;
  const failing = reconnectingLines(
    {
      open() {
        opens++;
        return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('connection refused')) }) };
      },
      maxFailures: 2,
      sleep: async () => {},
    },
    ctx,
  );
  await assert.rejects(async () => {
    for await (const _ of failing) void _;
  }, /connection refused/);
  assert.equal(opens, 3);
  const ended: string[] = [];
  for await (const l of reconnectingLines({ open: async function* () { yield `${stamp(1)} bye`; }, stillRunning: async () => false }, ctx)) ended.push(l.text);
  assert.deepEqual(ended, ['bye']);
});
