// (unit) What the logs webview holds: a capped line list, the filtered view kept up to date batch by
// batch, time lookup for "jump to time", and how typed times are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogStore, parseJumpTime } from '../../../webview/logs/logStore.js';
import type { WireLine } from '../../../webview/shared/logMessages.js';

const line = (seq: number, text: string, level?: WireLine['level']): WireLine => ({ seq, source: 's', ts: '', t: 1000 + seq * 10, text, ...(level ? { level } : {}) });

test('(unit) logs webview: the filter applies to lines held and to lines arriving; a refused pattern keeps the old filter', () => {
  const s = new LogStore(100);
  s.append([line(1, 'GET /a'), line(2, 'ERROR db down', 'error'), line(3, 'GET /b')]);
  assert.equal(s.setFilter({ text: 'get', regex: false, levels: [] }), undefined);
  assert.deepEqual([s.at(0)?.seq, s.at(1)?.seq, s.count], [1, 3, 2]);
  s.append([line(4, 'GET /c'), line(5, 'POST /d')]);
  assert.equal(s.count, 3);
  assert.match(s.setFilter({ text: '(a+)+', regex: true, levels: [] }) ?? '', /refused/);
  assert.equal(s.count, 3, 'the previous filter stays');
  s.setFilter({ text: '', regex: false, levels: ['error'] });
  assert.deepEqual([s.count, s.at(0)?.seq], [1, 2], 'only lines of a pressed level');
  assert.equal(s.total, 5);
});

test('(unit) logs webview: the page keeps at most its cap (trimmed in steps), counting what it let go', () => {
  const s = new LogStore(10);
  s.setFilter({ text: '7', regex: false, levels: [] });
  for (let i = 1; i <= 30; i++) s.append([line(i, `l${i}`)]);
  assert.ok(s.total <= 11, `holds ${s.total}`);
  assert.equal(s.lost, 30 - s.total);
  assert.deepEqual([...Array(s.count).keys()].map((n) => s.at(n)!.text), ['l27']);
  s.append([], 5);
  assert.equal(s.lost, 30 - s.total + 5, 'lines the host ring overwrote count too');
});

test('(unit) logs webview: jump finds the first line at or after a time; HH:MM:SS is read on the newest line\'s day', () => {
  const s = new LogStore(100);
  s.append([1, 2, 3, 4, 5].map((i) => line(i, `l${i}`)));
  assert.equal(s.indexAtTime(1025), 2);
  assert.equal(s.indexAtTime(1030), 2, 'a line stamped exactly then is the one');
  assert.equal(s.indexAtTime(0), 0);
  assert.equal(s.indexAtTime(99_999), 5);
  const ref = new Date(2026, 11, 1, 23, 0, 0).getTime();
  assert.equal(parseJumpTime('10:15:30', ref), new Date(2026, 11, 1, 10, 15, 30).getTime());
  assert.equal(parseJumpTime('10:15', ref), new Date(2026, 11, 1, 10, 15, 0).getTime());
  assert.equal(parseJumpTime('2026-12-01T10:00:00Z', ref), Date.parse('2026-12-01T10:00:00Z'));
  assert.ok(Number.isNaN(parseJumpTime('soon', ref)));
});
