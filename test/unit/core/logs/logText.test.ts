// (unit) Timestamps, levels and filters of the merged log view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogTime, sinceTimeOf, splitTimestamp } from '../../../../src/core/logs/logTimestamp.js';
import { detectLevel } from '../../../../src/core/logs/detectLevel.js';
import { compileLineFilter, unsafePatternReason } from '../../../../src/core/logs/lineFilter.js';

test('(unit) logs: API timestamps split off with sub-millisecond order kept; unstamped lines take the previous time', () => {
  const a = splitTimestamp('2026-12-01T10:00:00.123456789Z hello world\r', { ts: '', t: 0 });
  assert.equal(a.ts, '2026-12-01T10:00:00.123456789Z');
  assert.equal(a.text, 'hello world');
  assert.equal(Math.floor(a.t), Date.parse('2026-12-01T10:00:00.123Z'));
  // A double holds epoch ms to about a microsecond: enough to order lines within a millisecond.
  assert.ok(parseLogTime('2026-12-01T10:00:00.123458Z') > a.t, 'microseconds order lines within a millisecond');
  assert.equal(parseLogTime('2026-12-01T12:00:00+02:00'), Date.parse('2026-12-01T10:00:00Z'));
  const b = splitTimestamp('no stamp here', a);
  assert.deepEqual(b, { ts: a.ts, t: a.t, text: 'no stamp here' });
  assert.equal(sinceTimeOf(Date.parse('2026-12-01T10:00:05.900Z')), '2026-12-01T10:00:05Z');
});

test('(unit) logs: levels from logfmt, JSON, brackets, klog prefixes and upper-case words; prose is not a level', () => {
  const cases: [string, string | undefined][] = [
    ['time=1 level=warn msg="disk"', 'warn'],
    ['{"ts":1,"level":"error","msg":"x"}', 'error'],
    ['[INFO] started', 'info'],
    ['E1201 10:00:00.000000       1 reflector.go:1] failed', 'error'],
    ['W1201 10:00:00.000000       1 x.go:1] slow', 'warn'],
    ['2026-12-01 10:00:00 DEBUG cache miss', 'debug'],
    ['Warning: deprecated flag', 'warn'],
    ['FATAL out of memory', 'error'],
    ['an error occurred while reading', undefined],
    ['all good', undefined],
  ];
  for (const [text, level] of cases) assert.equal(detectLevel(text), level, text);
});

test('(unit) logs: text filter is smart-case; regex filter works; levels keep unlevelled lines unless asked', () => {
  const f = (spec: Parameters<typeof compileLineFilter>[0]) => {
    const r = compileLineFilter(spec);
    assert.ok(r.ok);
    return r.value;
  };
  assert.ok(f({ text: 'timeout' })({ text: 'Request TIMEOUT after 3s' }));
  assert.ok(!f({ text: 'Timeout' })({ text: 'request timeout' }));
  assert.ok(f({ text: 'GET /api/\\d+', regex: true })({ text: 'GET /api/42 200' }));
  assert.ok(!f({ text: 'GET /api/\\d+', regex: true })({ text: 'GET /api/x 200' }));
  assert.ok(f({ text: '(?:get|post) /api', regex: true })({ text: 'POST /api' }), 'a non-capturing group with an alternation, not repeated');
  const lv = f({ levels: ['error', 'warn'] });
  assert.ok(lv({ text: 'x', level: 'error' }));
  assert.ok(!lv({ text: 'x', level: 'info' }));
  assert.ok(lv({ text: 'x' }));
  assert.ok(!f({ levels: ['error'], levelledOnly: true })({ text: 'x' }));
});

test('(unit) logs: patterns that can backtrack exponentially are refused with one line; invalid ones say why', () => {
  for (const p of ['(a+)+$', '(a*)*b', '(a|aa)+', '(?:x+y?)*', '((ab)+)+', '(a|b){2,}', '(.)\\1', '(?<n>a)\\k<n>', 'x'.repeat(501)]) {
    assert.ok(unsafePatternReason(p), p);
    const r = compileLineFilter({ text: p, regex: true });
    assert.ok(!r.ok && r.error.code === 'invalid-input' && !r.error.message.includes('\n'), p);
  }
  for (const p of ['error|warn', 'a+b+c*', '(abc)+', '(a|b)?', '[(+*)]+', '(?:foo)+ bar', '\\(a+\\)+', 'x{2,5}']) assert.equal(unsafePatternReason(p), undefined, p);
  const bad = compileLineFilter({ text: '(unclosed', regex: true });
  assert.ok(!bad.ok && /not a valid regular expression/.test(bad.error.message));
  // A refused pattern is never compiled, so a test on a long line returns at once.
  const ok = compileLineFilter({ text: 'a+b', regex: true });
  assert.ok(ok.ok && !ok.value({ text: 'a'.repeat(100_000) }));
});
