import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findFileLinks, stepOfLine } from '../../../src/vscode/run/fileLinks.js';
import { formatDuration, isOverdue, meaningfulReason, median } from '../../../src/vscode/run/format.js';
import { coerceParam, missingParams, rememberedParams } from '../../../src/vscode/run/paramValues.js';
import type { ParamSpec } from '../../../src/core/pipeline/model.js';

test('(unit) file links: gcc, tsc, python forms; not times or URLs', () => {
  const at = (line: string) => findFileLinks(line).map((l) => `${line.substr(l.startIndex, l.path.length)}|${l.line}|${l.column ?? ''}`);
  assert.deepEqual(at('[build] src/main.c:12:5: error: x'), ['src/main.c|12|5']);
  assert.deepEqual(at('[t] src/a.ts(3,7): error TS1'), ['src/a.ts|3|7']);
  assert.deepEqual(at('  File "/w/app.py", line 9, in f'), ['/w/app.py|9|']);
  assert.deepEqual(at('at 12:30:45 see http://127.0.0.1:8080/x'), []);
  assert.equal(stepOfLine('[deploy[env=a]] hi'), 'deploy[env=a]');
  assert.equal(stepOfLine('[build]   x'), 'build');
});

test('(unit) durations, medians and the overdue rule', () => {
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(4200), '4.2s');
  assert.equal(formatDuration(185_000), '3m 05s');
  assert.equal(median([5, 1, 3, 2]), 2.5);
  assert.equal(isOverdue(2500, [1000, 1000], 2), false, 'needs 3 runs of history');
  assert.equal(isOverdue(2500, [1000, 900, 1100], 2), true);
  assert.equal(isOverdue(1500, [1000, 900, 1100], 2), false);
  assert.equal(meaningfulReason('exited with code 2', 2), undefined);
  assert.equal(meaningfulReason('exit code 2', 2), undefined);
  assert.equal(meaningfulReason('killed by SIGTERM', 143), 'killed by SIGTERM');
});

const spec = (p: Partial<ParamSpec>): ParamSpec => ({ name: 'x', type: 'string', required: false, range: { start: 0, end: 0 }, nameRange: { start: 0, end: 0 }, ...p });

test('(unit) params are coerced by their spec and remembered values re-checked', () => {
  assert.deepEqual(coerceParam(spec({ type: 'number' }), '42'), { ok: true, value: 42 });
  assert.equal(coerceParam(spec({ type: 'number' }), 'x').ok, false);
  assert.deepEqual(coerceParam(spec({ type: 'boolean' }), 'yes'), { ok: true, value: true });
  assert.deepEqual(coerceParam(spec({ type: 'choice', values: ['a', 'b'] }), 'b'), { ok: true, value: 'b' });
  assert.equal(coerceParam(spec({ type: 'choice', values: ['a'] }), 'c').ok, false);
  assert.equal(coerceParam(spec({ required: true }), '').ok, false);
  assert.deepEqual(coerceParam(spec({ default: 'd' }), ''), { ok: true, value: 'd' });
  const specs = [spec({ name: 'n', type: 'number' }), spec({ name: 'env', type: 'choice', values: ['dev', 'prod'], required: true })];
  assert.deepEqual(rememberedParams(specs, { n: '7', env: 'staging' }), { n: 7 });
  assert.deepEqual(missingParams(specs, { n: 1 }), ['env']);
});
