import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalRenderer } from '../../../src/vscode/run/TerminalRenderer.js';
import { scriptedRun } from './events.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex

test('(unit) terminal renderer prefixes lines, joins split output and ends with a summary', () => {
  const r = new TerminalRenderer({ color: false, statusLine: false });
  const out = scriptedRun().map((e) => r.render(e)).join('');
  const lines = out.split('\r\n');
  assert.ok(lines.includes('[build] compiling'), out);
  assert.ok(lines.includes('[build] done'));
  assert.ok(lines.includes('[build] ▶ started (attempt 2) on local'));
  assert.ok(lines.includes('[test]  src/a.ts(3,5): error TS2322: nope'));
  // A partial line is flushed when its step ends, before the step's end line.
  assert.ok(lines.indexOf('[test]  no newline at end') < lines.findIndex((l) => l.startsWith('[test]  ✖ failed (exit 2)')));
  assert.ok(lines.some((l) => /^ {2}✔ build\s+98ms$/.test(l)), out);
  assert.ok(lines.some((l) => /^ {2}✖ test\s+99ms exit 2$/.test(l)), out);
  assert.ok(lines.some((l) => l.startsWith('✖ demo failed in 201ms (1 success, 1 failed)')), out);
  assert.ok(!out.includes('\n') || out.split('\n').every((l, i, a) => i === a.length - 1 || l.endsWith('\r')), 'every newline is CRLF');
});

test('(unit) terminal renderer keeps one live status line at the bottom and clears it at the end', () => {
  let now = 1_000_000;
  const r = new TerminalRenderer({ color: true, statusLine: true, now: () => now });
  const events = scriptedRun();
  const first = r.render(events[0]);
  assert.match(strip(first), /demo · waiting · 0\/2 · 0ms$/);
  r.render(events[1]);
  now += 2;
  const started = r.render(events[2]);
  // The previous status line is erased before new lines, then redrawn.
  assert.ok(started.startsWith('\r\x1b[2K'));
  assert.match(strip(started), /build · 0\/2/);
  let out = '';
  for (const e of events.slice(3)) out += r.render(e);
  assert.ok(out.endsWith('\r\n'), 'no status line after the run ended');
  assert.equal(r.refreshStatus(), '');
});

test('(unit) terminal renderer flushes partial lines on demand', () => {
  const r = new TerminalRenderer({ color: false, statusLine: false });
  const ev = scriptedRun();
  r.render(ev[0]);
  r.render(ev[2]);
  assert.equal(r.render(ev[3]), '');
  assert.equal(r.flushPartials(), '[build] compil\r\n');
  assert.equal(r.flushPartials(), '');
});
