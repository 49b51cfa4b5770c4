// (unit) The audit log page's protocol: what each side accepts; anything malformed is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_FILTER_MAX, parseFromAuditWebview, parseToAuditWebview } from '../../../webview/shared/auditMessages.js';

const row = { time: '2026-12-01 10:00:00', user: 'ann', source: 'editor', action: 'scale', target: 'prod / shop / Deployment/api', result: 'ok', runId: '', detail: 'replicas 2 → 3' };

test('(unit) audit protocol: the page may send ready, a filter of bounded text and openFile only; the host a table of string cells', () => {
  assert.deepEqual(parseFromAuditWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromAuditWebview({ type: 'openFile', path: '/etc/passwd' }), { type: 'openFile' });
  assert.deepEqual(parseFromAuditWebview({ type: 'filter', text: 'scale' }), { type: 'filter', text: 'scale' });
  for (const bad of [null, 'ready', { type: 'filter' }, { type: 'filter', text: 3 }, { type: 'filter', text: 'x'.repeat(AUDIT_FILTER_MAX + 1) }, { type: 'delete' }]) assert.equal(parseFromAuditWebview(bad), undefined, JSON.stringify(bad));

  const table = { type: 'table', file: '/home/ann/.local/state/ansflow/audit.jsonl', filter: '', matched: 1, total: 4, rows: [row] };
  assert.deepEqual(parseToAuditWebview({ ...table, extra: 1 }), table);
  for (const bad of [{ ...table, rows: [{ ...row, detail: 5 }] }, { ...table, rows: [{ ...row, runId: undefined }] }, { ...table, matched: -1 }, { ...table, rows: 'x' }, { ...table, type: 'rows' }, { ...table, file: undefined }]) assert.equal(parseToAuditWebview(bad), undefined, JSON.stringify(bad));
});
