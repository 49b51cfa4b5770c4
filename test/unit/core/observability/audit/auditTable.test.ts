// (unit) The audit log table: newest first, a filter matching any cell in any case, at most the cap of rows
// with the matching count kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditTable, type AuditRecord } from '../../../../../src/core/observability/audit/index.js';

const rec = (i: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  time: new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString(),
  user: 'ann',
  source: 'editor',
  action: 'scale',
  target: { context: 'prod', namespace: 'shop', object: `Deployment/d${i}` },
  result: 'ok',
  ...extra,
});

test('(unit) audit table: newest first, cells of every column; a filter matches any cell in any case; capped rows, counts kept', () => {
  const records = [rec(1), rec(2, { action: 'pipeline-run', source: 'cli', result: 'failed', runId: 'run-7', detail: 'failed steps: Build', target: { context: '/w/p.ansflow.yaml', object: 'deploy' } }), rec(3)];
  const all = auditTable(records);
  assert.deepEqual([all.total, all.matched], [3, 3]);
  assert.deepEqual(all.rows.map((r) => r.target), ['prod / shop / Deployment/d3', '/w/p.ansflow.yaml / deploy', 'prod / shop / Deployment/d1']);
  assert.deepEqual(all.rows[1], { time: '2026-12-01 10:00:02', user: 'ann', source: 'cli', action: 'pipeline-run', target: '/w/p.ansflow.yaml / deploy', result: 'failed', runId: 'run-7', detail: 'failed steps: Build' });
  for (const f of ['RUN-7', 'build', 'cli', '10:00:02', ' failed ']) assert.deepEqual(auditTable(records, f).rows.map((r) => r.runId), ['run-7'], f);
  assert.equal(auditTable(records, 'nothing like it').matched, 0);
  const capped = auditTable(records, 'shop', 1);
  assert.deepEqual([capped.rows.map((r) => r.target), capped.matched, capped.total], [['prod / shop / Deployment/d3'], 2, 3]);
});
