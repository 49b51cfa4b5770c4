// (unit) The host side of the logs webview without VS Code: batches sent one at a time on ack, a
// reload resends what is held, export text, titles, and the webview protocol's validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogMerger } from '../../../../src/core/logs/LogMerger.js';
import { LogFeed } from '../../../../src/core/logs/LogFeed.js';
import { exportLines } from '../../../../src/core/logs/exportLines.js';
import { compileLineFilter } from '../../../../src/core/logs/lineFilter.js';
import { mergedLogTitle } from '../../../../src/core/logs/mergedLogTarget.js';
import type { LogLine } from '../../../../src/core/logs/logLine.js';
import { parseFromLogsWebview, parseToLogsWebview } from '../../../../webview/shared/logMessages.js';

async function* fixed(n: number) {
  for (let i = 0; i < n; i++) yield { ts: `2026-12-01T10:00:0${i % 10}Z`, t: 1000 + i, text: `line ${i}` };
}

test('(unit) logs: the feed sends one batch at a time, the next only on its ack; acked lines count as read; a reload starts over', async () => {
  const merger = new LogMerger({ windowMs: 0, autoFlush: false, bufferLines: 100 });
  const sent: LogLine[][] = [];
  const feed = new LogFeed(merger, (lines) => sent.push(lines), { batchLines: 3 });
  merger.add({ id: 'a', label: 'a', lines: () => fixed(7) });
  for (let i = 0; i < 100 && merger.stats().received < 7; i++) await new Promise((r) => setImmediate(r));
  merger.flush(Date.now() + 1);
  assert.equal(sent.length, 1, 'one batch in flight');
  assert.deepEqual(sent[0].map((l) => l.seq), [1, 2, 3]);
  // More lines while a batch is in flight wait for its ack.
  merger.add({ id: 'b', label: 'b', lines: () => fixed(0) });
  merger.flush(Date.now() + 1);
  (feed as unknown as { pump(): void }).pump();
  assert.equal(sent.length, 1, 'still one batch in flight');
  assert.equal(merger.ring.unread, 7);
  feed.ack(2);
  assert.equal(sent.length, 1, 'an ack for another batch is ignored');
  feed.ack(3);
  assert.equal(merger.ring.unread, 4);
  assert.deepEqual(sent[1].map((l) => l.seq), [4, 5, 6]);
  feed.ack(6);
  assert.deepEqual(sent[2].map((l) => l.seq), [7]);
  feed.ack(7);
  assert.equal(sent.length, 3);
  feed.restart();
  assert.deepEqual(sent[3].map((l) => l.seq), [1, 2, 3]);
  feed.dispose();
  merger.dispose();
});

test('(unit) logs: export writes timestamp, source label and text of the lines the filter keeps; titles name the target', () => {
  const lines: LogLine[] = [
    { seq: 1, source: 'docker:1', ts: '2026-12-01T10:00:00.1Z', t: 1, text: 'GET / 200', level: undefined },
    { seq: 2, source: 'docker:2', ts: '2026-12-01T10:00:00.2Z', t: 2, text: 'ERROR boom', level: 'error' },
  ];
  const f = compileLineFilter({ levels: ['error'], levelledOnly: true });
  assert.ok(f.ok);
  assert.equal(exportLines(lines, [{ id: 'docker:2', label: 'web' }], f.value), '2026-12-01T10:00:00.2Z [web] ERROR boom\n');
  assert.equal(mergedLogTitle({ kind: 'workload', context: 'c', namespace: 'shop', workloadKind: 'Deployment', name: 'web' }), 'Deployment shop/web');
  assert.equal(mergedLogTitle({ kind: 'containers', containers: [{ id: '1', name: 'a' }, { id: '2', name: 'b' }] }), '2 containers');
  assert.equal(mergedLogTitle({ kind: 'pods', context: 'c', namespace: 'shop' }), 'Namespace shop');
});

test('(unit) logs: webview messages are validated on arrival both ways; anything malformed is dropped', () => {
  assert.deepEqual(parseFromLogsWebview({ type: 'ack', seq: 5 }), { type: 'ack', seq: 5 });
  assert.equal(parseFromLogsWebview({ type: 'ack', seq: -1 }), undefined);
  assert.equal(parseFromLogsWebview({ type: 'export', filter: { text: 'x', regex: true, levels: ['loud'] } }), undefined);
  assert.deepEqual(parseFromLogsWebview({ type: 'export', filter: { text: 'x', regex: false, levels: ['warn', 'warn'] } }), { type: 'export', filter: { text: 'x', regex: false, levels: ['warn'] } });
  assert.equal(parseFromLogsWebview({ type: 'run', cmd: 'rm' }), undefined);
  const line = { seq: 1, source: 's', ts: 'x', t: 1, text: 'hi', level: 'info' };
  assert.deepEqual(parseToLogsWebview({ type: 'lines', lines: [line], missed: 0 }), { type: 'lines', lines: [line], missed: 0 });
  assert.equal(parseToLogsWebview({ type: 'lines', lines: [{ ...line, text: 1 }], missed: 0 }), undefined);
  assert.equal(parseToLogsWebview({ type: 'sources', sources: [{ id: 'a', label: 'a', state: 'zombie' }] }), undefined);
  assert.equal(parseToLogsWebview({ type: 'init', title: 't', bufferLines: 0 }), undefined);
});
